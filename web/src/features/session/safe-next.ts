/**
 * Where to go after signing in: the `next` the login page was sent with, when it is a path inside the
 * console. Anything that could leave the site (`//evil.example`, `https://…`, `/\evil`) or loop back to the
 * login page falls back to the overview.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if ([...next].some((c) => c.charCodeAt(0) < 0x20)) return '/';
  if (next === '/login' || next.startsWith('/login?') || next.startsWith('/login/')) return '/';
  return next;
}

/** The login page's address that brings the user back to `here` afterwards. */
export function loginPath(here: string): string {
  return here === '/' || !here ? '/login' : `/login?next=${encodeURIComponent(here)}`;
}
