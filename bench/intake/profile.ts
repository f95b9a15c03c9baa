/**
 * Where the server's main thread spends its CPU during a run: the V8 sampling profiler through node:inspector
 * (this thread only; the load generator's worker is not in it), self time summed by package or by server folder
 * and by function.
 */
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** A package (node_modules/<name>), a server folder (server/src/modules/cases), node's own code, or V8's states. */
function groupOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native / V8 builtins)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const server = /\/server\/src\/((?:modules|plugins|platform)\/[^/]+|[^/]+)/.exec(url);
  if (server) return `server/src/${server[1]!.replace(/\.ts$/, '')}`;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  return url.replace(/^file:\/\/\/work\/main\//, '');
}

export async function startProfile(intervalUs = 500): Promise<{ stop(): Promise<string[]> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
      session.disconnect();
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      const self = new Map<number, number>();
      for (let i = 0; i < profile.samples.length; i++)
        self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + (profile.timeDeltas[i] ?? 0));
      const total = profile.endTime - profile.startTime;
      const groups = new Map<string, number>();
      const fns = new Map<string, number>();
      for (const [id, us] of self) {
        const n = byId.get(id)!;
        const g = groupOf(n.callFrame.url, n.callFrame.functionName);
        groups.set(g, (groups.get(g) ?? 0) + us);
        const f = `${n.callFrame.functionName || '(anonymous)'} ${g}:${n.callFrame.lineNumber + 1}`;
        fns.set(f, (fns.get(f) ?? 0) + us);
      }
      const pct = (us: number) => `${((us / total) * 100).toFixed(1)}%`;
      const top = (m: Map<string, number>, n: number) =>
        [...m]
          .sort((a, b) => b[1] - a[1])
          .slice(0, n)
          .map(([k, us]) => `    ${pct(us).padStart(6)}  ${k}`);
      return [
        `  main thread, ${(total / 1e6).toFixed(1)} s sampled; self time by package or server folder:`,
        ...top(groups, 22),
        '  by function:',
        ...top(fns, 22),
      ];
    },
  };
}
