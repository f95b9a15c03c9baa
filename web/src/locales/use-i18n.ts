import { useCallback, useSyncExternalStore } from 'react';
import { getLocale, setLocale, subscribeLocale } from './locale-store';
import { type MessageVars, type Translate, translate } from './translate';
import type { Locale, MessageKey } from './types';

export function useLocale(): Locale {
  return useSyncExternalStore(subscribeLocale, getLocale, getLocale);
}

/** `t('menu.jobs')` in the current locale; components re-render when the user switches language. */
export function useT(): Translate {
  const locale = useLocale();
  return useCallback((key: MessageKey, vars?: MessageVars) => translate(locale, key, vars), [locale]);
}

export function useI18n(): { locale: Locale; setLocale: (locale: Locale) => void; t: Translate } {
  return { locale: useLocale(), setLocale, t: useT() };
}
