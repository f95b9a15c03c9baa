import { List, Typography } from 'antd';
import { useLocale, useT } from '../../locales';
import type { ConfigKey } from './config-api';

export interface ConfigKeyListProps {
  keys: readonly ConfigKey[];
  loading: boolean;
  selected: string | null;
  onSelect: (key: string) => void;
}

export function ConfigKeyList({ keys, loading, selected, onSelect }: ConfigKeyListProps) {
  const t = useT();
  const locale = useLocale();
  return (
    <List<ConfigKey>
      loading={loading}
      dataSource={[...keys]}
      locale={{ emptyText: t('config.keysEmpty') }}
      renderItem={(item) => {
        const active = item.key === selected;
        return (
          <List.Item
            key={item.key}
            onClick={() => onSelect(item.key)}
            aria-current={active ? 'true' : undefined}
            style={{
              cursor: 'pointer',
              paddingInline: 12,
              borderRadius: 6,
              background: active ? 'var(--ant-color-primary-bg)' : undefined,
            }}
          >
            <List.Item.Meta
              title={<Typography.Text strong={active}>{item.key}</Typography.Text>}
              description={item.description[locale]}
            />
          </List.Item>
        );
      }}
    />
  );
}
