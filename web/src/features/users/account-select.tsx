import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { useT } from '../../locales';
import { fetchUsers, type User } from './users-api';

/**
 * Finds an account by username or name as one types (server-side search), for the grants page. The
 * chosen account stays listed even when a later search would not find it.
 */
export function AccountSelect({
  value,
  onChange,
  initial,
}: {
  value: string | null;
  onChange: (id: string | null, user: User | null) => void;
  /** An account to show before any search (the one in the address bar). */
  initial?: User | null;
}) {
  const t = useT();
  const [search, setSearch] = useState('');
  const [options, setOptions] = useState<User[]>([]);
  const [loading, setLoading] = useState(false);
  const [chosen, setChosen] = useState<User | null>(initial ?? null);

  useEffect(() => {
    if (initial) setChosen(initial);
  }, [initial]);

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setLoading(true);
      fetchUsers({ ...(search.trim() ? { q: search.trim() } : {}), pageSize: 20 }, controller.signal)
        .then((page) => setOptions(page.items))
        .catch(() => {
          // Leave the previous options; the page shows errors from its own loads.
        })
        .finally(() => {
          if (!controller.signal.aborted) setLoading(false);
        });
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [search]);

  const list = chosen && !options.some((u) => u.id === chosen.id) ? [chosen, ...options] : options;
  return (
    <Select<string>
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      value={value ?? undefined}
      loading={loading}
      placeholder={t('grants.pickAccount')}
      style={{ width: 360 }}
      notFoundContent={loading ? t('common.loading') : t('grants.noAccount')}
      options={list.map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }))}
      onChange={(id) => {
        const user = list.find((u) => u.id === id) ?? null;
        setChosen(user);
        onChange(id ?? null, user);
      }}
      data-testid="account-select"
    />
  );
}
