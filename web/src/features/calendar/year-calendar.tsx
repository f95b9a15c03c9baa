import { Card, Col, Flex, Row, Tag, Tooltip, Typography, theme } from 'antd';
import dayjs from 'dayjs';
import { type CSSProperties, useMemo } from 'react';
import { type Translate, useT } from '../../locales';
import type { CalendarDay } from './calendar-api';
import { indexDays, isoDate, isWeekend, monthGroups, monthWeeks, spanText } from './calendar-days';
import { kindLabel, kindMark, SOURCE_COLOR, sourceLabel } from './labels';

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

export interface YearCalendarProps {
  year: number;
  days: readonly CalendarDay[];
  /** Today on the business clock (`YYYY-MM-DD`), outlined. */
  today?: string;
  /** When set, every date is a button that opens the local-day dialog (the calendar's managers). */
  onPickDay?: (date: string) => void;
}

/** What the cell of an exceptional day says when hovered or read out: date, name, 休/班 and where it comes from. */
export function dayDescription(day: CalendarDay, t: Translate): string {
  if (day.kind !== 'holiday' && day.kind !== 'workday') return day.date;
  const parts = [day.date, day.name, kindLabel(day.kind, t), day.source ? sourceLabel(day.source, t) : null];
  return parts.filter(Boolean).join(' · ');
}

/** 12 small month calendars, 休 and 班 marked, each with its holidays and make-up days listed underneath. */
export function YearCalendar({ year, days, today, onPickDay }: YearCalendarProps) {
  const byDate = useMemo(() => indexDays(days), [days]);
  return (
    <Row gutter={[16, 16]} data-testid="year-calendar" data-year={year}>
      {MONTHS.map((month) => (
        <Col key={month} xs={24} sm={12} lg={8} xxl={6}>
          <MonthCalendar year={year} month={month} byDate={byDate} days={days} today={today} onPickDay={onPickDay} />
        </Col>
      ))}
    </Row>
  );
}

interface MonthCalendarProps {
  year: number;
  month: number;
  byDate: Map<string, CalendarDay>;
  days: readonly CalendarDay[];
  today?: string;
  onPickDay?: (date: string) => void;
}

function MonthCalendar({ year, month, byDate, days, today, onPickDay }: MonthCalendarProps) {
  const t = useT();
  const { token } = theme.useToken();
  const weeks = monthWeeks(year, month);
  const groups = monthGroups(days, year, month);
  const weekdays = t('calendar.weekdaysShort').split(',');

  const cellStyle = (date: string, day: CalendarDay | undefined): CSSProperties => {
    const exception = day && (day.kind === 'holiday' || day.kind === 'workday') ? day.kind : null;
    return {
      position: 'relative',
      height: 30,
      width: '100%',
      padding: 0,
      font: 'inherit',
      fontSize: 12,
      lineHeight: '30px',
      textAlign: 'center',
      borderRadius: token.borderRadiusSM,
      border:
        day?.source === 'local'
          ? `1px dashed ${token.colorWarning}`
          : date === today
            ? `1px solid ${token.colorPrimary}`
            : '1px solid transparent',
      background:
        exception === 'holiday' ? token.colorErrorBg : exception === 'workday' ? token.colorFillSecondary : 'none',
      color:
        exception === 'holiday'
          ? token.colorError
          : exception === 'workday'
            ? token.colorText
            : isWeekend(date)
              ? token.colorTextTertiary
              : token.colorText,
      fontWeight: exception ? 600 : undefined,
      cursor: onPickDay ? 'pointer' : 'default',
    };
  };

  const cell = (date: string) => {
    const day = byDate.get(date);
    const exception = day && (day.kind === 'holiday' || day.kind === 'workday') ? day : undefined;
    const content = (
      <>
        {Number(date.slice(8))}
        {exception && (
          <span
            data-testid="day-mark"
            style={{
              position: 'absolute',
              top: 1,
              right: 2,
              fontSize: 9,
              lineHeight: '10px',
              fontWeight: 400,
              color: exception.kind === 'holiday' ? token.colorError : token.colorTextSecondary,
            }}
          >
            {kindMark(exception.kind as 'holiday' | 'workday', t)}
          </span>
        )}
      </>
    );
    const attrs = {
      'data-date': date,
      'data-kind': day?.kind ?? (isWeekend(date) ? 'weekend' : 'weekday'),
      'data-source': day?.source ?? undefined,
      'aria-label': exception ? dayDescription(exception, t) : date,
      style: cellStyle(date, day),
    };
    const element = onPickDay ? (
      <button type="button" {...attrs} onClick={() => onPickDay(date)}>
        {content}
      </button>
    ) : (
      <div {...attrs}>{content}</div>
    );
    return exception ? <Tooltip title={dayDescription(exception, t)}>{element}</Tooltip> : element;
  };

  return (
    <Card
      size="small"
      title={dayjs(isoDate(year, month, 1)).format(t('calendar.monthFormat'))}
      data-testid="month-calendar"
      data-month={month}
      styles={{ body: { padding: 8 } }}
    >
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2 }}>
        {weekdays.map((w, i) => (
          <div
            key={w}
            style={{
              textAlign: 'center',
              fontSize: 12,
              color: i >= 5 ? token.colorTextTertiary : token.colorTextSecondary,
            }}
          >
            {w}
          </div>
        ))}
        {weeks.flat().map((date, i) =>
          date ? (
            <div key={date}>{cell(date)}</div>
          ) : (
            // biome-ignore lint/suspicious/noArrayIndexKey: the blank places before the 1st and after the last day have nothing else to be told apart by
            <div key={`blank-${i}`} />
          ),
        )}
      </div>
      <Flex vertical gap={2} style={{ marginTop: 6, minHeight: 22 }} data-testid="month-days">
        {groups.map((g) => (
          <Flex key={`${g.kind}-${g.name}-${g.source}`} gap={6} align="center" wrap style={{ fontSize: 12 }}>
            <Tag
              color={g.kind === 'holiday' ? 'red' : 'default'}
              style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: '16px', paddingInline: 4 }}
            >
              {kindMark(g.kind, t)}
            </Tag>
            <Typography.Text style={{ fontSize: 12 }}>
              {t('calendar.daysOfMonth', { days: spanText(g.spans, t('calendar.spanSeparator')) })}
            </Typography.Text>
            <Typography.Text style={{ fontSize: 12 }}>{g.name}</Typography.Text>
            {g.source && g.source !== 'builtin' && (
              <Tag
                color={SOURCE_COLOR[g.source]}
                style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: '16px', paddingInline: 4 }}
              >
                {sourceLabel(g.source, t)}
              </Tag>
            )}
          </Flex>
        ))}
      </Flex>
    </Card>
  );
}
