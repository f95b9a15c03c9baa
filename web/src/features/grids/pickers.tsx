import { Flex, Select, Typography } from 'antd';
import { type CSSProperties, useEffect, useRef, useState } from 'react';
import { useT } from '../../locales';
import { type Person, searchPeople } from '../people';
import { type GridSummary, searchGrids } from './grids-api';

/** Server-side search as one types, debounced; the chosen item stays listed when a later search misses it. */
function useSearch<T>(search: (q: string, signal: AbortSignal) => Promise<T[]>, enabled = true) {
  const [text, setText] = useState('');
  const [items, setItems] = useState<T[]>([]);
  const [loading, setLoading] = useState(false);
  const searchRef = useRef(search);
  searchRef.current = search;
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setLoading(true);
      searchRef
        .current(text.trim(), controller.signal)
        .then(setItems)
        .catch(() => {
          // Keep the previous options; the form shows the server's refusal on submit.
        })
        .finally(() => {
          if (!controller.signal.aborted) setLoading(false);
        });
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text, enabled]);
  return { setText, items, loading };
}

/** A person from the register, by name or mobile number (shown masked), for a post. */
export function PersonSelect({
  value,
  onChange,
  id,
}: {
  value?: string;
  onChange?: (id: string | undefined) => void;
  id?: string;
}) {
  const t = useT();
  const [chosen, setChosen] = useState<Person | null>(null);
  const { setText, items, loading } = useSearch((q, signal) =>
    searchPeople({ ...(q ? { q } : {}), pageSize: 20 }, signal).then((p) => p.items),
  );
  const list = chosen && !items.some((p) => p.id === chosen.id) ? [chosen, ...items] : items;
  return (
    <Select<string>
      id={id}
      showSearch={{ filterOption: false, onSearch: setText }}
      allowClear
      value={value}
      loading={loading}
      placeholder={t('grids.pickPerson')}
      notFoundContent={loading ? t('common.loading') : t('grids.noPerson')}
      onChange={(v) => {
        setChosen(list.find((p) => p.id === v) ?? null);
        onChange?.(v);
      }}
      options={list.map((p) => ({
        value: p.id,
        label: (
          <Flex justify="space-between" gap={12}>
            <span>{p.displayName}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {[p.phone, p.ownerDivision].filter(Boolean).join(' · ')}
            </Typography.Text>
          </Flex>
        ),
      }))}
      data-testid="person-select"
    />
  );
}

/** A grid by name or code, within `under` when given. */
export function GridSelect({
  value,
  onChange,
  under,
  initial,
  style,
}: {
  value: string | null;
  onChange: (grid: GridSummary | null) => void;
  under?: string | null;
  /** A grid to list before any search (the one in the address bar). */
  initial?: GridSummary | null;
  style?: CSSProperties;
}) {
  const t = useT();
  const [chosen, setChosen] = useState<GridSummary | null>(initial ?? null);
  useEffect(() => {
    if (initial) setChosen(initial);
  }, [initial]);
  const { setText, items, loading } = useSearch((q, signal) =>
    searchGrids({ ...(q ? { q } : {}), ...(under ? { under } : {}), pageSize: 20 }, signal).then((p) => p.items),
  );
  const list = chosen && !items.some((g) => g.code === chosen.code) ? [chosen, ...items] : items;
  return (
    <Select<string>
      showSearch={{ filterOption: false, onSearch: setText }}
      allowClear
      value={value ?? undefined}
      loading={loading}
      placeholder={t('grids.pickGrid')}
      notFoundContent={loading ? t('common.loading') : t('grids.noGrid')}
      style={{ width: 420, maxWidth: '100%', ...style }}
      onChange={(code) => {
        const grid = list.find((g) => g.code === code) ?? null;
        setChosen(grid);
        onChange(grid);
      }}
      options={list.map((g) => ({
        value: g.code,
        label: (
          <Flex justify="space-between" gap={12}>
            <span>{g.name}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {g.code}
            </Typography.Text>
          </Flex>
        ),
      }))}
      data-testid="grid-select"
    />
  );
}
