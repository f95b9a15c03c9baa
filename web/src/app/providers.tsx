import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { type ReactNode, useEffect } from 'react';
import { NotificationsProvider } from '../features/notifications';
import { SessionProvider } from '../features/session';
import { SystemStatusProvider } from '../features/system';
import { type Locale, useLocale, useT } from '../locales';

const ANTD_LOCALE: Record<Locale, typeof zhCN> = { 'zh-CN': zhCN, 'en-US': enUS };

/** System fonts with the CJK faces of Windows, macOS and Linux desktops; nothing is fetched from a font CDN. */
const FONT_FAMILY = [
  '-apple-system',
  'BlinkMacSystemFont',
  "'Segoe UI'",
  "'PingFang SC'",
  "'Hiragino Sans GB'",
  "'Microsoft YaHei'",
  "'Noto Sans CJK SC'",
  "'Noto Sans SC'",
  "'Helvetica Neue'",
  'Arial',
  'sans-serif',
].join(', ');

/**
 * Ant Design in the chosen language, plus the data every screen needs (who is calling, the business clock, the
 * signed-in user's unread notifications).
 */
export function Providers({ children }: { children: ReactNode }) {
  const locale = useLocale();
  const t = useT();
  useEffect(() => {
    document.title = t('common.productName');
  }, [t]);
  return (
    <ConfigProvider
      locale={ANTD_LOCALE[locale]}
      theme={{ token: { colorPrimary: '#1d5fbf', borderRadius: 6, fontFamily: FONT_FAMILY } }}
    >
      <AntApp>
        <SessionProvider>
          <SystemStatusProvider>
            <NotificationsProvider>{children}</NotificationsProvider>
          </SystemStatusProvider>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
