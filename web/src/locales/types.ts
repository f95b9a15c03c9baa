import type { zhCN } from './zh-CN';

/** The Chinese catalogue with its literal strings widened: the shape every locale must fill in. */
type Catalogue<T> = { readonly [K in keyof T]: T[K] extends string ? string : Catalogue<T[K]> };

export type Messages = Catalogue<typeof zhCN>;
export type Namespace = keyof Messages;

/** `'menu.jobs'`, `'jobs.runNow'`…: every key a component may ask for. */
export type MessageKey = {
  [N in Namespace]: `${N}.${Extract<keyof Messages[N], string>}`;
}[Namespace];

export type Locale = 'zh-CN' | 'en-US';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en-US'];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
