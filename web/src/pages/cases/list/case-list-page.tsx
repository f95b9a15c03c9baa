import { FormOutlined } from '@ant-design/icons';
import { Button, Card } from 'antd';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApiQuery } from '../../../api/use-api-query';
import {
  CaseFilterBar,
  type CaseFilterValues,
  CaseTable,
  caseFiltersFromParams,
  caseFiltersToParams,
  caseListQuery,
  casesExportHref,
  fetchCases,
  useCategoryOptions,
  useStateOptions,
} from '../../../features/cases';
import { ApiErrorResult } from '../../../features/errors';
import { fetchAllOrgUnits } from '../../../features/org-units';
import { useSession } from '../../../features/session';
import { useBusinessTimeZone } from '../../../features/system';
import { useT } from '../../../locales';
import { positiveInt } from '../../admin/paging';
import { PageHeader } from '../../page-header';

/** 案件列表: every case the reader may see, filtered from the address bar, exported as it stands. */
export function CaseListPage() {
  const t = useT();
  const timeZone = useBusinessTimeZone();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => caseFiltersFromParams(params), [params]);
  const page = positiveInt(params.get('page'), 1);
  const pageSize = positiveInt(params.get('pageSize'), 20);
  const query = caseListQuery(filters, page, pageSize);
  const list = useApiQuery(`cases:${JSON.stringify(query)}`, (signal) => fetchCases(query, signal));
  const states = useStateOptions('urban');
  const categories = useCategoryOptions('cjt214.event');
  const canReadUnits = can('org.units.read');
  const units = useApiQuery(`org-units:${canReadUnits}`, (signal) =>
    canReadUnits ? fetchAllOrgUnits(signal) : Promise.resolve([]),
  );
  const unitOptions = (units.data ?? []).map((u) => ({ value: u.id, label: u.name }));

  const go = (next: CaseFilterValues, nextPage = 1, nextSize = pageSize) =>
    setParams({ ...caseFiltersToParams(next), page: String(nextPage), pageSize: String(nextSize) });

  return (
    <>
      <PageHeader
        title={t('cases.listTitle')}
        subtitle={t('cases.listSubtitle')}
        extra={
          <Link to="/cases/new">
            <Button type="primary" icon={<FormOutlined />}>
              {t('cases.reportButton')}
            </Button>
          </Link>
        }
      />
      <Card>
        <CaseFilterBar
          value={filters}
          onChange={(next) => go(next)}
          states={states}
          categories={categories.flat}
          units={unitOptions}
          exportHref={casesExportHref(caseListQuery(filters, 1, pageSize))}
        />
        {list.error ? (
          <ApiErrorResult error={list.error} onRetry={list.reload} />
        ) : (
          <div data-testid="case-list" data-total={list.data?.total ?? ''} data-loading={list.loading}>
            <CaseTable
              page={list.data}
              current={page}
              pageSize={pageSize}
              loading={list.loading}
              timeZone={timeZone}
              sort={filters.sort ?? '-openedAt'}
              onSortChange={(sort) => go({ ...filters, sort })}
              onPageChange={(p, size) => go(filters, size !== pageSize ? 1 : p, size)}
            />
          </div>
        )}
      </Card>
    </>
  );
}
