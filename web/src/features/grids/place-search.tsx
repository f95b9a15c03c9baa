import { SearchOutlined } from '@ant-design/icons';
import { AutoComplete, Flex, Input, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useT } from '../../locales';
import { type DivisionSummary, type GridSummary, searchDivisions, searchGrids } from './grids-api';
import { levelLabel } from './labels';

export type Place =
  | { kind: 'division'; code: string; name: string }
  | { kind: 'grid'; code: string; name: string; communityCode: string };

interface Found {
  divisions: DivisionSummary[];
  grids: GridSummary[];
}

/**
 * One box for "where": divisions by name or code (within `under`, the user's root) and grids by name or
 * code, searched on the server as one types.
 */
export function PlaceSearch({
  under,
  onPick,
  searchGridsToo = true,
  width = 320,
  placeholder,
}: {
  under: string | null;
  onPick: (place: Place) => void;
  searchGridsToo?: boolean;
  width?: number;
  placeholder?: string;
}) {
  const t = useT();
  const [text, setText] = useState('');
  const [found, setFound] = useState<Found>({ divisions: [], grids: [] });
  const [loading, setLoading] = useState(false);
  const places = useRef(new Map<string, Place>());

  useEffect(() => {
    const q = text.trim();
    if (!q) {
      setFound({ divisions: [], grids: [] });
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setLoading(true);
      Promise.all([
        searchDivisions({ q, pageSize: 8, ...(under ? { under } : {}) }, controller.signal),
        searchGridsToo
          ? searchGrids({ q, pageSize: 8, ...(under ? { under } : {}) }, controller.signal)
          : Promise.resolve({ items: [] as GridSummary[] }),
      ])
        .then(([d, g]) => setFound({ divisions: d.items, grids: g.items }))
        .catch(() => {
          // A failed suggestion leaves the previous ones; the user can type again.
        })
        .finally(() => {
          if (!controller.signal.aborted) setLoading(false);
        });
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text, under, searchGridsToo]);

  places.current.clear();
  const option = (key: string, place: Place, title: string, sub: string) => {
    places.current.set(key, place);
    return {
      value: key,
      label: (
        <Flex justify="space-between" gap={12}>
          <span>{title}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {sub}
          </Typography.Text>
        </Flex>
      ),
    };
  };
  const options = [
    ...(found.divisions.length
      ? [
          {
            label: t('grids.searchDivisions'),
            options: found.divisions.map((d) =>
              option(
                `division:${d.code}`,
                { kind: 'division', code: d.code, name: d.name },
                d.name,
                `${levelLabel(d.level, t)} · ${d.code}`,
              ),
            ),
          },
        ]
      : []),
    ...(found.grids.length
      ? [
          {
            label: t('grids.searchGrids'),
            options: found.grids.map((g) =>
              option(
                `grid:${g.code}`,
                { kind: 'grid', code: g.code, name: g.name, communityCode: g.communityCode },
                g.name,
                g.code,
              ),
            ),
          },
        ]
      : []),
  ];

  return (
    <AutoComplete
      value={text}
      options={options}
      // Picking an option also "changes" the value to its key; the name is written in onSelect instead.
      onChange={(v: string) => {
        if (!places.current.has(v)) setText(v ?? '');
      }}
      onSelect={(key: string) => {
        const place = places.current.get(key);
        if (!place) return;
        setText(place.name);
        onPick(place);
      }}
      notFoundContent={text.trim() && !loading ? t('grids.searchNothing') : null}
      style={{ width }}
      popupMatchSelectWidth={Math.max(width, 360)}
      data-testid="place-search"
    >
      <Input
        allowClear
        prefix={<SearchOutlined />}
        placeholder={placeholder ?? t('grids.searchPlaceholder')}
        maxLength={60}
        aria-label={placeholder ?? t('grids.searchPlaceholder')}
      />
    </AutoComplete>
  );
}
