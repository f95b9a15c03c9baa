import { Segmented } from 'antd';
import { type Locale, setLocale, useLocale, useT } from '../locales';

const OPTIONS: { value: Locale; label: string }[] = [
  { value: 'zh-CN', label: '中文' },
  { value: 'en-US', label: 'English' },
];

/** Labels stay in their own language so a user can always find theirs. */
export function LanguageSwitch() {
  const locale = useLocale();
  const t = useT();
  return (
    <Segmented<Locale>
      size="small"
      aria-label={t('common.language')}
      options={OPTIONS}
      value={locale}
      onChange={setLocale}
      data-testid="language-switch"
    />
  );
}
