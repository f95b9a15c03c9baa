import { enUS } from './en-US';
import type { Locale, MessageKey, Messages } from './types';
import { zhCN } from './zh-CN';

export const catalogues: Record<Locale, Messages> = { 'zh-CN': zhCN, 'en-US': enUS };

export type MessageVars = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, vars?: MessageVars) => string;

/** Look a key up and fill `{name}` placeholders; an unknown placeholder is left visible rather than dropped. */
export function translate(locale: Locale, key: MessageKey, vars?: MessageVars): string {
  const dot = key.indexOf('.');
  const namespace = key.slice(0, dot) as keyof Messages;
  const name = key.slice(dot + 1);
  const template = (catalogues[locale][namespace] as Readonly<Record<string, string>>)[name] ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, v: string) => (v in vars ? String(vars[v]) : whole));
}
