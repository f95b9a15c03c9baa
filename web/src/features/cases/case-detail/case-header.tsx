import { Alert, Card, Descriptions, Flex, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { formatInstant, useLocale, useT } from '../../../locales';
import { useBusinessTimeZone } from '../../system';
import type { CaseDetail, HistoryEntry } from '../cases-api';
import { caseCategory, caseDescription, caseLocation, caseText } from './case-data';
import { channelName, urgencyName } from './labels';

const URGENCY_COLOURS: Record<string, string> = { urgent: 'orange', emergency: 'red' };

/** Who, what, where and since when: the case's number, state and the facts of the report. */
export function CaseHeader({
  detail,
  history,
  extra,
}: {
  detail: CaseDetail;
  history: readonly HistoryEntry[] | undefined;
  extra?: ReactNode;
}) {
  const t = useT();
  const locale = useLocale();
  const timeZone = useBusinessTimeZone();
  const category = caseCategory(detail.data);
  const location = caseLocation(detail.data);
  const channel = caseText(detail.data, 'channel');
  const urgency = caseText(detail.data, 'urgency');
  const duplicateOf = caseText(detail.data, 'duplicateOf');
  const description = caseDescription(detail.data, history);

  const items = [
    { key: 'workflow', label: t('caseDetail.workflow'), children: detail.workflowName },
    category && {
      key: 'category',
      label: t('caseDetail.category'),
      children: (
        <span data-testid="case-category">
          {locale === 'en-US' ? category.nameEn : category.nameZh}{' '}
          <Typography.Text type="secondary">{category.code}</Typography.Text>
        </span>
      ),
    },
    channel && { key: 'channel', label: t('caseDetail.channel'), children: channelName(t, channel) },
    urgency && {
      key: 'urgency',
      label: t('caseDetail.urgency'),
      children: <Tag color={URGENCY_COLOURS[urgency]}>{urgencyName(t, urgency)}</Tag>,
    },
    { key: 'division', label: t('caseDetail.division'), children: detail.divisionCode },
    detail.gridCode && { key: 'grid', label: t('caseDetail.grid'), children: detail.gridCode },
    {
      key: 'opened',
      label: t('caseDetail.openedAt'),
      children: formatInstant(detail.openedAt, timeZone),
    },
    detail.closedAt && {
      key: 'closed',
      label: t('caseDetail.closedAt'),
      children: formatInstant(detail.closedAt, timeZone),
    },
    { key: 'updated', label: t('caseDetail.updatedAt'), children: formatInstant(detail.updatedAt, timeZone) },
    location?.address && {
      key: 'address',
      label: t('caseDetail.address'),
      children: location.address,
      span: 'filled' as const,
    },
    {
      key: 'description',
      label: t('caseDetail.description'),
      span: 'filled' as const,
      children: (
        <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} data-testid="case-description">
          {description}
        </Typography.Paragraph>
      ),
    },
  ].filter((item): item is Exclude<typeof item, false | null | undefined | ''> => Boolean(item));

  return (
    <Card
      title={
        <Flex align="center" gap={8} wrap>
          <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }} data-testid="case-number">
            {detail.number ?? t('caseDetail.noNumber')}
          </Typography.Title>
          <Tag color={detail.closed ? 'default' : 'processing'} data-testid="case-state">
            {detail.stateName}
          </Tag>
        </Flex>
      }
      extra={extra}
    >
      {duplicateOf && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            <span>
              {t('caseDetail.mergedInto')} <Link to={`/cases/${duplicateOf}`}>{t('caseDetail.openCase')}</Link>
            </span>
          }
        />
      )}
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={items} />
    </Card>
  );
}
