import { Flex, Layout, Spin, Typography, theme } from 'antd';
import { Suspense } from 'react';
import { Link, Outlet } from 'react-router';
import { useT } from '../locales';
import { LanguageSwitch } from './language-switch';

/** The frame of the pages before sign-in: the product, the language switch, the page in the middle. */
export function AuthLayout() {
  const t = useT();
  const { token } = theme.useToken();
  return (
    <Layout style={{ minHeight: '100vh', background: token.colorBgLayout }}>
      <Flex
        justify="space-between"
        align="center"
        style={{
          height: 56,
          paddingInline: 24,
          background: token.colorBgContainer,
          borderBottom: `1px solid ${token.colorBorderSecondary}`,
        }}
      >
        <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 10 }}>
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <Typography.Text strong style={{ fontSize: 17 }} data-testid="product-name">
            {t('common.productName')}
          </Typography.Text>
        </Link>
        <LanguageSwitch />
      </Flex>
      <Layout.Content style={{ padding: '24px 16px 48px' }}>
        <Suspense
          fallback={
            <div style={{ display: 'flex', justifyContent: 'center', padding: 64 }}>
              <Spin />
            </div>
          }
        >
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}
