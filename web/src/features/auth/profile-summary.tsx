import { Descriptions, Space, Tag, Typography } from 'antd';
import { type Translate, useLocale, useT } from '../../locales';
import { localName } from '../access';
import type { Me } from '../session';

function ScopeList({ values, empty, t }: { values: readonly string[]; empty: string; t: Translate }) {
  if (values.length === 0) return <Typography.Text type="secondary">{empty}</Typography.Text>;
  return (
    <Space size={[4, 4]} wrap>
      {values.map((v) => (
        <Tag key={v}>{v === '' ? t('profile.scopeEverywhere') : v}</Tag>
      ))}
    </Space>
  );
}

/** Who I am here: the person, the account, the roles I hold and where they apply. */
export function ProfileSummary({ me }: { me: Me }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Descriptions
      column={{ xs: 1, md: 2 }}
      size="small"
      items={[
        {
          key: 'name',
          label: t('profile.displayName'),
          children: <span data-testid="profile-name">{me.person.displayName}</span>,
        },
        { key: 'username', label: t('profile.username'), children: me.account.username },
        {
          key: 'roles',
          label: t('profile.roles'),
          span: 'filled',
          children:
            me.roles.length === 0 ? (
              <Typography.Text type="secondary">{t('profile.noRoles')}</Typography.Text>
            ) : (
              <Space size={[4, 4]} wrap data-testid="profile-roles">
                {me.roles.map((r) => (
                  <Tag key={r.code} color="blue">
                    {localName(r, locale)}
                  </Tag>
                ))}
              </Space>
            ),
        },
        {
          key: 'divisions',
          label: t('profile.scopeDivisions'),
          children: <ScopeList values={me.scopes.divisions} empty={t('profile.scopeNone')} t={t} />,
        },
        {
          key: 'grids',
          label: t('profile.scopeGrids'),
          children: <ScopeList values={me.scopes.grids} empty={t('profile.scopeNone')} t={t} />,
        },
        {
          key: 'orgUnits',
          label: t('profile.scopeOrgUnits'),
          children: <ScopeList values={me.scopes.orgUnits} empty={t('profile.scopeNone')} t={t} />,
        },
      ]}
    />
  );
}
