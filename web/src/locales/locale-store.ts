import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import { DEFAULT_LOCALE, LOCALES, type Locale } from './types';

/** localStorage key; shared with the browser tests, which check the choice survives a reload. */
export const LOCALE_STORAGE_KEY = 'civicgrid.locale';

const DAYJS_LOCALE: Record<Locale, string> = { 'zh-CN': 'zh-cn', 'en-US': 'en' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function readStored(): Locale {
  try {
    const stored = globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // Storage can be disabled (private mode, strict policies): fall back to the default.
  }
  return DEFAULT_LOCALE;
}

function apply(locale: Locale): void {
  dayjs.locale(DAYJS_LOCALE[locale]);
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

let current: Locale = readStored();
apply(current);
const listeners = new Set<() => void>();

/** The locale the user chose; the API client sends it as Accept-Language. */
export function getLocale(): Locale {
  return current;
}

/** Switch the whole application: UI strings, Ant Design, dayjs and API requests. Persisted per browser. */
export function setLocale(locale: Locale): void {
  if (locale === current) return;
  current = locale;
  try {
    globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Not persisted; the switch still applies to this tab.
  }
  apply(locale);
  for (const listener of listeners) listener();
}

export function subscribeLocale(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
