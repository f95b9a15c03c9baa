import { App, Button, Card, List, Popconfirm, Table, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { useApiQuery } from '../../../api/use-api-query';
import { formatInstant, useT } from '../../../locales';
import { SubmissionKeys } from '../../config';
import { useNotifyError } from '../../errors';
import { useBusinessTimeZone } from '../../system';
import { type CaseDetail, type Duplicates, fetchDuplicates, mergeCase } from '../cases-api';

type Candidate = Duplicates['candidates'][number];

/** Before registration a report may be a duplicate; only then is merging offered. */
const MERGEABLE_STATES = ['reported', 'verifying', 'accepted'];
export const canMerge = (detail: Pick<CaseDetail, 'state' | 'actions'>) =>
  MERGEABLE_STATES.includes(detail.state) && detail.actions.some((a) => a.action === 'merge');

/**
 * 疑似重复: open cases that may report the same problem, with 合并到此案件 (this report closes as merged into the
 * chosen case, `POST /api/cases/{this}/merge {into}`), and the reports already merged into this case.
 */
export function DuplicatesPanel({ detail, onMerged }: { detail: CaseDetail; onMerged: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const timeZone = useBusinessTimeZone();
  const keys = useRef(new SubmissionKeys());
  const [busy, setBusy] = useState<string | null>(null);
  const mergeable = canMerge(detail);
  const urban = detail.workflow === 'urban';
  const found = useApiQuery<Duplicates | null>(`duplicates:${detail.id}:${detail.version}:${urban}`, (signal) =>
    urban ? fetchDuplicates(detail.id, signal).catch(() => null) : Promise.resolve(null),
  );
  const merged = found.data?.merged ?? [];
  if (!mergeable && merged.length === 0) return null;

  const merge = async (candidate: Candidate) => {
    setBusy(candidate.id);
    try {
      await mergeCase(detail.id, candidate.id, undefined, keys.current.keyFor({ id: detail.id, into: candidate.id }));
      keys.current.succeeded();
      void message.success(t('caseDetail.actionDone', { action: t('caseDetail.merged') }));
      onMerged();
    } catch (error) {
      notifyError(error);
      onMerged();
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card
      size="small"
      title={t('caseDetail.duplicatesTitle')}
      data-testid="case-duplicates"
      loading={found.loading && !found.data}
    >
      {mergeable && (
        <>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('caseDetail.duplicatesHelp')}
          </Typography.Paragraph>
          <Table<Candidate>
            size="small"
            rowKey="id"
            pagination={false}
            scroll={{ x: 520 }}
            dataSource={found.data?.candidates ?? []}
            locale={{ emptyText: t('caseDetail.noDuplicates') }}
            onRow={(c) => ({ 'data-testid': 'duplicate-candidate', 'data-id': c.id }) as never}
            columns={[
              {
                key: 'number',
                title: t('caseDetail.duplicateNumber'),
                render: (_, c) => <Link to={`/cases/${c.id}`}>{c.number ?? t('caseDetail.noNumber')}</Link>,
              },
              {
                key: 'description',
                title: t('caseDetail.duplicateDescription'),
                render: (_, c) => (
                  <Typography.Paragraph
                    style={{ margin: 0, maxWidth: 260 }}
                    ellipsis={{ rows: 2, tooltip: c.description }}
                  >
                    {c.description}
                  </Typography.Paragraph>
                ),
              },
              {
                key: 'distance',
                title: t('caseDetail.duplicateDistance'),
                width: 80,
                onHeaderCell: NOWRAP,
                render: (_, c) => t('caseDetail.distanceM', { m: Math.round(c.distanceM) }),
              },
              {
                key: 'similarity',
                title: t('caseDetail.duplicateSimilarity'),
                width: 80,
                onHeaderCell: NOWRAP,
                render: (_, c) => `${Math.round(c.similarity * 100)}%`,
              },
              {
                key: 'merge',
                title: '',
                render: (_, c) => (
                  <Popconfirm
                    title={t('caseDetail.mergeConfirm', { number: c.number ?? t('caseDetail.noNumber') })}
                    okText={t('caseDetail.ok')}
                    cancelText={t('caseDetail.cancel')}
                    okButtonProps={{ ...MERGE_OK_TESTID, autoInsertSpace: false }}
                    cancelButtonProps={{ autoInsertSpace: false }}
                    onConfirm={() => merge(c)}
                  >
                    <Button size="small" loading={busy === c.id} data-testid="merge-into" data-id={c.id}>
                      {t('caseDetail.mergeInto')}
                    </Button>
                  </Popconfirm>
                ),
              },
            ]}
          />
        </>
      )}
      {merged.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{t('caseDetail.mergedTitle')}</Typography.Text>}
          dataSource={merged}
          rowKey="id"
          renderItem={(m) => (
            <List.Item data-testid="merged-case" data-id={m.id}>
              <Link to={`/cases/${m.id}`}>{m.number ?? t('caseDetail.noNumber')}</Link>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatInstant(m.openedAt, timeZone)}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

const NOWRAP = () => ({ style: { whiteSpace: 'nowrap' as const } });
const MERGE_OK_TESTID: Record<string, string> = { 'data-testid': 'merge-confirm' };
