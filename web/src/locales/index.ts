export { DATE_TIME_FORMAT, formatInstant } from './format-time';
export { getLocale, isLocale, LOCALE_STORAGE_KEY, setLocale, subscribeLocale } from './locale-store';
export { catalogues, type MessageVars, type Translate, translate } from './translate';
export { DEFAULT_LOCALE, LOCALES, type Locale, type MessageKey, type Messages } from './types';
export { useI18n, useLocale, useT } from './use-i18n';
