import { Card, Input, Space } from 'antd';
import { useSearchParams } from 'react-router';
import { useApiQuery } from '../../../api/use-api-query';
import { ApiErrorResult } from '../../../features/errors';
import { PeopleTable, searchPeople } from '../../../features/people';
import { useSession } from '../../../features/session';
import { useBusinessTimeZone } from '../../../features/system';
import { useT } from '../../../locales';
import { positiveInt } from '../../admin/paging';
import { PageHeader } from '../../page-header';

export function PeoplePage() {
  const t = useT();
  const { can } = useSession();
  const timeZone = useBusinessTimeZone();
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const page = positiveInt(params.get('page'), 1);
  const pageSize = positiveInt(params.get('pageSize'), 20);
  const people = useApiQuery(`people:${q}:${page}:${pageSize}`, (signal) =>
    searchPeople({ ...(q ? { q } : {}), page, pageSize }, signal),
  );

  if (people.error && !people.data) return <ApiErrorResult error={people.error} onRetry={people.reload} />;

  return (
    <>
      <PageHeader title={t('people.title')} subtitle={t('people.subtitle')} />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card>
          <Input.Search
            key={q}
            defaultValue={q}
            allowClear
            enterButton={t('people.search')}
            placeholder={t('people.searchPlaceholder')}
            style={{ maxWidth: 480 }}
            maxLength={100}
            onSearch={(value) => {
              const next = value.trim();
              setParams(next ? { q: next, pageSize: String(pageSize) } : { pageSize: String(pageSize) });
            }}
            data-testid="people-search"
          />
        </Card>
        <Card>
          <PeopleTable
            key={`${q}:${page}:${pageSize}`}
            page={people.data}
            current={page}
            pageSize={pageSize}
            loading={people.loading}
            timeZone={timeZone}
            canUnmask={can('personal-data.unmask')}
            onPageChange={(next, size) =>
              setParams({ ...(q ? { q } : {}), page: String(size === pageSize ? next : 1), pageSize: String(size) })
            }
          />
        </Card>
      </Space>
    </>
  );
}
