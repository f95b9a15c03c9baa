import { Layout, Menu, type MenuProps, Space, Spin, Typography, theme } from 'antd';
import { createElement, Suspense, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { DemoBanner, useSession } from '../features/session';
import { useSystemStatus } from '../features/system';
import { useT } from '../locales';
import { menuKeyFor, visibleMenu } from './access';
import { ForcePasswordChange } from './guards';
import { LanguageSwitch } from './language-switch';
import { NotificationBell } from './notification-bell';
import { UserMenu } from './user-menu';

const { Header, Sider, Content } = Layout;

export function AppLayout() {
  const t = useT();
  const { token } = theme.useToken();
  const location = useLocation();
  const { session, me, signedIn } = useSession();
  const demo = useSystemStatus().data?.demo || me?.demo;
  const [collapsed, setCollapsed] = useState(false);

  const items: MenuProps['items'] = visibleMenu(session.permissions, { signedIn }).map((entry) => ({
    key: entry.key,
    icon: createElement(entry.icon),
    label: entry.external ? (
      <a href={entry.path} target="_blank" rel="noopener noreferrer">
        {t(entry.label)}
      </a>
    ) : (
      <Link to={entry.path}>{t(entry.label)}</Link>
    ),
  }));
  const selected = menuKeyFor(location.pathname);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        breakpoint="lg"
        width={208}
        style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
      >
        <Link
          to="/"
          style={{
            display: 'flex',
            alignItems: 'center',
            gap: 10,
            height: 64,
            paddingInline: collapsed ? 24 : 20,
            color: '#fff',
            fontWeight: 600,
            fontSize: 16,
            whiteSpace: 'nowrap',
            overflow: 'hidden',
          }}
        >
          <img src="/favicon.svg" alt="" width={28} height={28} />
          {!collapsed && t('common.productShort')}
        </Link>
        <nav aria-label={t('menu.navigation')}>
          <Menu theme="dark" mode="inline" selectedKeys={selected ? [selected] : []} items={items} />
        </nav>
      </Sider>
      <Layout>
        {demo && <DemoBanner />}
        <Header
          style={{
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            gap: 16,
            paddingInline: 24,
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          <Typography.Text strong style={{ fontSize: 18, whiteSpace: 'nowrap' }} data-testid="product-name">
            {t('common.productName')}
          </Typography.Text>
          <Space size={20}>
            <LanguageSwitch />
            <NotificationBell />
            <UserMenu />
          </Space>
        </Header>
        <Content style={{ padding: 24 }}>
          <Suspense
            fallback={
              <div style={{ display: 'flex', justifyContent: 'center', padding: 64 }}>
                <Spin />
              </div>
            }
          >
            <ForcePasswordChange>
              <Outlet />
            </ForcePasswordChange>
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
