import { DownOutlined, LoginOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Dropdown, type MenuProps, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api/errors';
import { useNotifyError } from '../features/errors';
import { loginPath, logout, useSession } from '../features/session';
import { useT } from '../locales';

/**
 * Who is signed in, top right. A user gets a menu with the profile and sign-out; the operator (bearer token,
 * nothing to sign out of) only a name; an anonymous visitor a link to the login page.
 */
export function UserMenu() {
  const t = useT();
  const { session, me, loading, refresh } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const notifyError = useNotifyError();
  const [leaving, setLeaving] = useState(false);
  const { actor } = session;

  const badge = (name: string) => (
    <Space size={8} data-testid="actor">
      <Avatar size="small" icon={<UserOutlined />} />
      {loading ? <Spin size="small" /> : <Typography.Text>{name}</Typography.Text>}
    </Space>
  );

  if (loading) return badge('');
  if (actor.kind === 'anonymous') {
    return (
      <Space size={12}>
        {badge(t('session.notSignedIn'))}
        {location.pathname !== '/login' && (
          <Link to={loginPath(location.pathname + location.search)}>
            <Button type="primary" size="small" icon={<LoginOutlined />}>
              {t('session.signIn')}
            </Button>
          </Link>
        )}
      </Space>
    );
  }
  if (actor.kind === 'operator') return badge(actor.displayName || t('session.operator'));

  const signOut = async () => {
    setLeaving(true);
    try {
      await logout();
    } catch (error) {
      // A session that had already ended is what we wanted; anything else is worth telling.
      if (!(error instanceof ApiError && error.signInRequired)) notifyError(error);
    }
    try {
      await refresh();
    } catch {
      // Whatever the server said, this browser goes to the login page.
    }
    setLeaving(false);
    navigate('/login', { replace: true });
  };

  const items: MenuProps['items'] = [
    { key: 'profile', icon: <UserOutlined />, label: t('session.profile'), onClick: () => navigate('/me') },
    { type: 'divider' },
    {
      key: 'sign-out',
      icon: <LogoutOutlined />,
      danger: true,
      label: <span data-testid="sign-out">{t('session.signOut')}</span>,
      onClick: () => void signOut(),
    },
  ];
  const name = me?.person.displayName || actor.displayName || t('session.user');
  return (
    <Dropdown menu={{ items }} trigger={['click']} placement="bottomRight">
      <Button type="text" loading={leaving} data-testid="user-menu" style={{ paddingInline: 8 }}>
        <Space size={8} data-testid="actor">
          <Avatar size="small" icon={<UserOutlined />} />
          <Typography.Text>{name}</Typography.Text>
          <DownOutlined style={{ fontSize: 10 }} />
        </Space>
      </Button>
    </Dropdown>
  );
}
