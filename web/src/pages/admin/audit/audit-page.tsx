import { DownloadOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Card, Space } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useApiQuery } from '../../../api/use-api-query';
import {
  AuditFilterBar,
  AuditTable,
  type AuditVerification,
  auditExportUrl,
  auditFilterQuery,
  auditFiltersFromParams,
  auditFiltersToParams,
  fetchAudit,
  VerifyResult,
  verifyAudit,
} from '../../../features/audit';
import { ApiErrorResult, useNotifyError } from '../../../features/errors';
import { useBusinessTimeZone } from '../../../features/system';
import { useT } from '../../../locales';
import { PageHeader } from '../../page-header';
import { positiveInt } from '../paging';

export function AuditPage() {
  const t = useT();
  const notifyError = useNotifyError();
  const timeZone = useBusinessTimeZone();
  const [params, setParams] = useSearchParams();
  const filters = auditFiltersFromParams(params);
  const filterQuery = auditFilterQuery(filters, timeZone);
  const page = positiveInt(params.get('page'), 1);
  const pageSize = positiveInt(params.get('pageSize'), 20);
  const records = useApiQuery(`audit:${JSON.stringify(filterQuery)}:${page}:${pageSize}`, (signal) =>
    fetchAudit({ ...filterQuery, page, pageSize }, signal),
  );
  const [verifying, setVerifying] = useState(false);
  const [verification, setVerification] = useState<AuditVerification | null>(null);

  const verify = async () => {
    setVerifying(true);
    try {
      setVerification(await verifyAudit());
    } catch (error) {
      notifyError(error);
    } finally {
      setVerifying(false);
    }
  };

  if (records.error && !records.data) return <ApiErrorResult error={records.error} onRetry={records.reload} />;

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        subtitle={t('audit.subtitle')}
        extra={
          <Space wrap>
            <Button icon={<ReloadOutlined />} onClick={records.reload}>
              {t('common.refresh')}
            </Button>
            <Button icon={<DownloadOutlined />} href={auditExportUrl(filterQuery)} download data-testid="audit-export">
              {t('audit.export')}
            </Button>
            <Button type="primary" icon={<SafetyCertificateOutlined />} loading={verifying} onClick={verify}>
              {t('audit.verify')}
            </Button>
          </Space>
        }
      />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {verification && <VerifyResult result={verification} />}
        <Card>
          <AuditFilterBar
            value={filters}
            onChange={(next) => setParams({ ...auditFiltersToParams(next), pageSize: String(pageSize) })}
          />
        </Card>
        <Card>
          <AuditTable
            page={records.data}
            current={page}
            pageSize={pageSize}
            loading={records.loading}
            timeZone={timeZone}
            onPageChange={(next, size) =>
              setParams({
                ...auditFiltersToParams(filters),
                page: String(size === pageSize ? next : 1),
                pageSize: String(size),
              })
            }
          />
        </Card>
      </Space>
    </>
  );
}
