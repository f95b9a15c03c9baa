import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { ReactNode } from 'react';
import { type Locale, useLocale } from '../locales';

const ANTD_LOCALE: Record<Locale, typeof zhCN> = { 'zh-CN': zhCN, 'en-US': enUS };

/** Large type and touch targets (48 px and more) for residents, many of them elderly, on phones. */
const THEME = {
  token: {
    colorPrimary: '#1d5fbf',
    fontSize: 18,
    fontSizeLG: 20,
    controlHeight: 48,
    controlHeightLG: 56,
    controlHeightSM: 40,
    borderRadius: 10,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Helvetica Neue', Arial, sans-serif",
  },
};

/**
 * Ant Design for the screens that use it. The shell and the home screen do without, so a resident's first
 * page loads React and the router only; Ant Design comes with the form or the progress page.
 */
export function Themed({ children }: { children: ReactNode }) {
  const locale = useLocale();
  return (
    <ConfigProvider locale={ANTD_LOCALE[locale]} theme={THEME}>
      {children}
    </ConfigProvider>
  );
}
