import { Flex, Typography } from 'antd';
import type { MessageKey } from '../../locales';
import { useT } from '../../locales';
import { type FigureTable, rateOf, type Situation } from './command-api';

/** The month's figures shown, by indicator key. */
export const MONTH_KPIS: readonly { key: string; label: MessageKey }[] = [
  { key: 'closedOnTimeRate', label: 'command.closedOnTimeRate' },
  { key: 'closureRate', label: 'command.closureRate' },
  { key: 'handlingRate', label: 'command.handlingRate' },
  { key: 'satisfactionRate', label: 'command.satisfactionRate' },
];

function Tile({
  id,
  label,
  value,
  text,
  tone,
  big,
}: {
  id: string;
  label: string;
  value: number | null;
  text: string;
  tone?: string;
  big?: boolean;
}) {
  return (
    <Flex
      vertical
      data-testid={`kpi-${id}`}
      data-value={value === null ? '' : String(value)}
      style={{
        padding: big ? '8px 14px' : '8px 12px',
        borderRadius: 6,
        background: 'var(--cg-kpi-bg, rgba(29,95,191,0.06))',
        minWidth: 0,
      }}
    >
      <Typography.Text type="secondary" style={{ fontSize: big ? 16 : 13 }} ellipsis>
        {label}
      </Typography.Text>
      <Typography.Text strong style={{ fontSize: big ? 30 : 26, lineHeight: 1.2, color: tone }}>
        {text}
      </Typography.Text>
    </Flex>
  );
}

const percent = (rate: number | null, none: string) => (rate === null ? none : `${(rate * 100).toFixed(1)}%`);

/**
 * Today's counts (`kpi-opened`, `kpi-closed`, `kpi-open`, `kpi-overdue`) and the month's rates and composite
 * score (`kpi-closedOnTimeRate`…, `kpi-composite`), each with `data-value` (a rate as 0–1; empty: none).
 */
export function KpiBoard({
  situation,
  figures,
  big,
  columns,
}: {
  situation: Situation | undefined;
  figures: FigureTable | undefined;
  big?: boolean;
  columns: number;
}) {
  const t = useT();
  const today = situation?.today;
  const count = (v: number | undefined) => ({ value: v ?? null, text: v === undefined ? '…' : String(v) });
  const none = t('command.noFigure');
  const total = figures?.total;
  const grid = { display: 'grid', gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, gap: 8 } as const;
  return (
    <Flex vertical gap={8} data-testid="command-kpis">
      <Typography.Text strong style={{ fontSize: big ? 18 : 14 }}>
        {t('command.today')}
      </Typography.Text>
      <div style={grid}>
        <Tile id="opened" label={t('command.kpiOpened')} {...count(today?.opened)} big={big} />
        <Tile id="closed" label={t('command.kpiClosed')} {...count(today?.closed)} big={big} />
        <Tile id="open" label={t('command.kpiOpen')} {...count(today?.open)} big={big} />
        <Tile id="overdue" label={t('command.kpiOverdue')} {...count(today?.overdue)} tone="#e03131" big={big} />
      </div>
      <Typography.Text strong style={{ fontSize: big ? 18 : 14 }}>
        {t('command.month')}
      </Typography.Text>
      <div style={grid}>
        {MONTH_KPIS.map((k) => {
          const rate = rateOf(total, k.key);
          return <Tile key={k.key} id={k.key} label={t(k.label)} value={rate} text={percent(rate, none)} big={big} />;
        })}
        <Tile
          id="composite"
          label={t('command.composite')}
          value={total?.composite ?? null}
          text={total?.composite === null || total?.composite === undefined ? none : total.composite.toFixed(1)}
          big={big}
        />
      </div>
    </Flex>
  );
}
