import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, InputNumber, Space, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { useT } from '../../locales';
import { MAX_YEAR, MIN_YEAR, parseYear } from './calendar-days';

export interface YearSwitcherProps {
  year: number;
  /** The business clock's year, offered as a way back. */
  thisYear: number;
  onChange: (year: number) => void;
}

/** ‹ 2024 › 今年: a typed year takes effect once it is a whole year the server accepts. */
export function YearSwitcher({ year, thisYear, onChange }: YearSwitcherProps) {
  const t = useT();
  const [draft, setDraft] = useState<number | null>(year);
  useEffect(() => setDraft(year), [year]);
  return (
    <Space.Compact>
      <Tooltip title={t('calendar.prevYear')}>
        <Button
          icon={<LeftOutlined />}
          aria-label={t('calendar.prevYear')}
          disabled={year <= MIN_YEAR}
          onClick={() => onChange(year - 1)}
          data-testid="year-prev"
        />
      </Tooltip>
      <InputNumber<number>
        aria-label={t('calendar.year')}
        data-testid="year-input"
        value={draft}
        min={MIN_YEAR}
        max={MAX_YEAR}
        precision={0}
        controls={false}
        style={{ width: 88, textAlign: 'center' }}
        onChange={(v) => {
          setDraft(v);
          const next = parseYear(v);
          if (next !== null && next !== year) onChange(next);
        }}
        onBlur={() => setDraft(year)}
      />
      <Tooltip title={t('calendar.nextYear')}>
        <Button
          icon={<RightOutlined />}
          aria-label={t('calendar.nextYear')}
          disabled={year >= MAX_YEAR}
          onClick={() => onChange(year + 1)}
          data-testid="year-next"
        />
      </Tooltip>
      <Button disabled={year === thisYear} onClick={() => onChange(thisYear)}>
        {t('calendar.thisYear')}
      </Button>
    </Space.Compact>
  );
}
