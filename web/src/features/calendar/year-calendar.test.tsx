import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../locales';
import type { CalendarDay } from './calendar-api';
import { YearCalendar } from './year-calendar';

const DAYS: CalendarDay[] = [
  { date: '2024-02-04', working: true, kind: 'workday', name: '春节', source: 'builtin' },
  { date: '2024-02-10', working: false, kind: 'holiday', name: '春节', source: 'builtin' },
  { date: '2024-02-11', working: false, kind: 'holiday', name: '春节', source: 'builtin' },
  { date: '2024-03-15', working: false, kind: 'holiday', name: '防汛停工', source: 'local' },
];

const cell = (date: string) => document.querySelector(`[data-date="${date}"]`) as HTMLElement;

describe('the year calendar', () => {
  beforeEach(() => setLocale('zh-CN'));
  afterEach(cleanup);

  it('draws twelve months and marks 休, 班 and local days with their names and sources', () => {
    render(<YearCalendar year={2024} days={DAYS} today="2024-02-05" />);
    expect(screen.getAllByTestId('month-calendar')).toHaveLength(12);
    expect(document.querySelectorAll('[data-date]')).toHaveLength(366);

    expect(cell('2024-02-10').dataset.kind).toBe('holiday');
    expect(cell('2024-02-10').textContent).toBe('10休');
    expect(cell('2024-02-10').getAttribute('aria-label')).toBe('2024-02-10 · 春节 · 放假 · 内置（国务院安排）');
    expect(cell('2024-02-04').dataset.kind).toBe('workday');
    expect(cell('2024-02-04').textContent).toBe('4班');
    expect(cell('2024-02-03').dataset.kind).toBe('weekend');
    expect(cell('2024-02-05').dataset.kind).toBe('weekday');
    expect(cell('2024-02-05').textContent).toBe('5');
    expect(cell('2024-03-15').dataset.source).toBe('local');

    const february = within(screen.getAllByTestId('month-calendar')[1]!);
    expect(february.getByText('2月')).toBeTruthy();
    const lines = february.getByTestId('month-days').textContent;
    expect(lines).toContain('班4日春节');
    expect(lines).toContain('休10–11日春节');
    expect(within(screen.getAllByTestId('month-calendar')[2]!).getByTestId('month-days').textContent).toContain(
      '本地调整',
    );
  });

  it('makes every date a button for the calendar’s managers, and only for them', () => {
    const { unmount } = render(<YearCalendar year={2024} days={DAYS} />);
    expect(cell('2024-03-15').tagName).toBe('DIV');
    unmount();
    const pick = vi.fn();
    render(<YearCalendar year={2024} days={DAYS} onPickDay={pick} />);
    expect(cell('2024-03-15').tagName).toBe('BUTTON');
    fireEvent.click(cell('2024-07-01'));
    expect(pick).toHaveBeenCalledWith('2024-07-01');
  });

  it('speaks English when asked, names staying as the calendar has them', () => {
    setLocale('en-US');
    render(<YearCalendar year={2024} days={DAYS} />);
    expect(cell('2024-02-10').textContent).toBe('10H');
    expect(screen.getByText('February')).toBeTruthy();
    expect(cell('2024-02-10').getAttribute('aria-label')).toBe(
      '2024-02-10 · 春节 · Day off · Built-in (State Council)',
    );
  });
});
