import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Row, Skeleton, Space, Spin, Statistic, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useApiQuery } from '../../../api/use-api-query';
import {
  type CalendarYear,
  DeadlineHelper,
  fetchCalendarYear,
  indexDays,
  type LocalDayChange,
  LocalDayModal,
  LocalDaysTable,
  parseYear,
  removeLocalDay,
  SOURCE_COLOR,
  sourceLabel,
  YearCalendar,
  YearSwitcher,
} from '../../../features/calendar';
import { ApiErrorResult, useNotifyError } from '../../../features/errors';
import { useSession } from '../../../features/session';
import { useSystemStatus } from '../../../features/system';
import { useT } from '../../../locales';
import { PageHeader } from '../../page-header';

/**
 * 工作日历: the year's holidays (休), make-up workdays (班) and local days, as deadlines count them; the
 * calendar's managers set and remove local days; everyone can ask how a deadline would be counted.
 * Address: ?year=2024.
 */
export function CalendarPage() {
  const t = useT();
  const notifyError = useNotifyError();
  const { can } = useSession();
  const status = useSystemStatus().data;
  const timeZone = status?.timeZone;
  const today = status?.today;
  const thisYear = parseYear(today?.slice(0, 4)) ?? dayjs().year();
  const [params, setParams] = useSearchParams();
  const year = parseYear(params.get('year')) ?? thisYear;
  const query = useApiQuery(`calendar-year:${year}`, (signal) => fetchCalendarYear(year, signal));
  const data: CalendarYear | undefined = query.data;
  const canManage = can('calendar.manage');
  const [editing, setEditing] = useState<string | null>(null);
  const [change, setChange] = useState<LocalDayChange | null>(null);
  const [busyDate, setBusyDate] = useState<string | null>(null);

  const byDate = useMemo(() => indexDays(data?.days ?? []), [data]);
  const dayOf = useCallback((date: string) => byDate.get(date), [byDate]);
  const initialFrom = useMemo(
    () => (status ? dayjs(status.businessNow.slice(0, 16)) : dayjs()).second(0).millisecond(0),
    [status],
  );

  const changed = (result: LocalDayChange) => {
    setEditing(null);
    setChange(result);
    query.reload();
  };
  const remove = async (date: string) => {
    setBusyDate(date);
    try {
      changed(await removeLocalDay(date));
    } catch (error) {
      notifyError(error);
    } finally {
      setBusyDate(null);
    }
  };
  const switchYear = (next: number) => {
    setChange(null);
    setParams(next === thisYear ? {} : { year: String(next) });
  };

  if (query.error && !data) return <ApiErrorResult error={query.error} onRetry={query.reload} />;

  const periods = data?.workingHours.periods.map((p) => `${p.start}–${p.end}`).join(t('calendar.spanSeparator'));
  return (
    <>
      <PageHeader
        title={t('calendar.title')}
        subtitle={t('calendar.subtitle')}
        extra={
          <Space wrap>
            <YearSwitcher year={year} thisYear={thisYear} onChange={switchYear} />
            {canManage && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setEditing(today?.startsWith(`${year}-`) ? today : `${year}-01-01`)}
                data-testid="local-day-add"
              >
                {t('calendar.addLocal')}
              </Button>
            )}
          </Space>
        }
      />
      {data && !data.known && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="calendar-unknown-year"
          title={t('calendar.yearUnknown', { year: data.year })}
        />
      )}
      {change && (
        <Alert
          type={change.changed > 0 ? 'success' : 'info'}
          showIcon
          closable={{ onClose: () => setChange(null) }}
          style={{ marginBottom: 16 }}
          data-testid="calendar-change-message"
          title={change.message}
          description={change.job ? t('calendar.recomputeJob', { key: change.job.key }) : undefined}
        />
      )}
      {!data ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <Spin spinning={query.loading}>
          <Flex vertical gap={16}>
            <Card size="small" data-testid="calendar-summary">
              <Flex gap={32} wrap align="center">
                <Statistic title={t('calendar.holidays')} value={data.counts.holidays} />
                <Statistic title={t('calendar.workdays')} value={data.counts.workdays} />
                <Statistic title={t('calendar.workingDays')} value={data.counts.workingDays} />
                <Flex vertical gap={6}>
                  <Typography.Text type="secondary">{t('calendar.sources')}</Typography.Text>
                  <Flex gap={4} wrap data-testid="calendar-sources">
                    {data.sources.length === 0 ? (
                      <Tag>{t('calendar.noSources')}</Tag>
                    ) : (
                      data.sources.map((s) => (
                        <Tag key={s} color={SOURCE_COLOR[s]}>
                          {sourceLabel(s, t)}
                        </Tag>
                      ))
                    )}
                  </Flex>
                </Flex>
                <Flex vertical gap={6}>
                  <Typography.Text type="secondary">{t('calendar.workingHours')}</Typography.Text>
                  <Typography.Text>{periods || '—'}</Typography.Text>
                </Flex>
                <Typography.Text type="secondary" style={{ flex: '1 1 240px' }}>
                  {t('calendar.legend')}
                  {canManage && ` ${t('calendar.clickToEdit')}`}
                </Typography.Text>
              </Flex>
            </Card>
            <YearCalendar
              year={data.year}
              days={data.days}
              today={today}
              onPickDay={canManage ? (date) => setEditing(date) : undefined}
            />
            <Row gutter={[16, 16]} align="top">
              <Col xs={24} xl={14}>
                <Card title={t('calendar.deadlineTitle')} data-testid="deadline-helper">
                  <DeadlineHelper timeZone={timeZone} initialFrom={initialFrom} />
                </Card>
              </Col>
              <Col xs={24} xl={10}>
                <Card title={t('calendar.localTitle')}>
                  <LocalDaysTable
                    year={data.year}
                    days={data.days}
                    loading={query.loading}
                    canManage={canManage}
                    busyDate={busyDate}
                    onEdit={setEditing}
                    onRemove={(date) => void remove(date)}
                  />
                </Card>
              </Col>
            </Row>
          </Flex>
        </Spin>
      )}
      {canManage && <LocalDayModal date={editing} dayOf={dayOf} onClose={() => setEditing(null)} onDone={changed} />}
    </>
  );
}
