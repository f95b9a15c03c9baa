import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Empty, Row, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useApiQuery } from '../../../api/use-api-query';
import {
  AddVersionModal,
  ConfigKeyList,
  ConfigVersionsTable,
  fetchConfigKeys,
  fetchConfigVersions,
  JsonValue,
  ResolvePanel,
} from '../../../features/config';
import { ApiErrorResult } from '../../../features/errors';
import { useSession } from '../../../features/session';
import { useSystemStatus } from '../../../features/system';
import { useLocale, useT } from '../../../locales';
import { PageHeader } from '../../page-header';
import { positiveInt } from '../paging';

export function ConfigPage() {
  const t = useT();
  const locale = useLocale();
  const { message } = App.useApp();
  const { can } = useSession();
  const status = useSystemStatus().data;
  // "Today" on the business clock, not the browser's: the server decides what is in force.
  const today = status ? dayjs(status.today) : dayjs();
  const [params, setParams] = useSearchParams();
  const keys = useApiQuery('config-keys', fetchConfigKeys);
  const items = keys.data?.items ?? [];
  const selectedKey = params.get('key') ?? items[0]?.key ?? null;
  const selected = items.find((k) => k.key === selectedKey) ?? null;
  const page = positiveInt(params.get('page'), 1);
  const pageSize = positiveInt(params.get('pageSize'), 10);
  const versions = useApiQuery(`config-versions:${selectedKey}:${page}:${pageSize}`, (signal) =>
    selectedKey ? fetchConfigVersions(selectedKey, page, pageSize, signal) : Promise.resolve(undefined),
  );
  const [adding, setAdding] = useState(false);

  if (keys.error && !keys.data) return <ApiErrorResult error={keys.error} onRetry={keys.reload} />;

  return (
    <>
      <PageHeader title={t('config.title')} subtitle={t('config.subtitle')} />
      <Row gutter={[16, 16]} align="top">
        <Col xs={24} lg={8} xl={6}>
          <Card title={t('config.keys')} styles={{ body: { padding: 8 } }}>
            <ConfigKeyList
              keys={items}
              loading={keys.loading}
              selected={selectedKey}
              onSelect={(key) => setParams({ key })}
            />
          </Card>
        </Col>
        <Col xs={24} lg={16} xl={18}>
          {selected ? (
            <Space direction="vertical" size={16} style={{ width: '100%' }}>
              <Card
                title={
                  <Typography.Text strong data-testid="config-selected-key">
                    {selected.key}
                  </Typography.Text>
                }
                extra={
                  can('system.config.write') && (
                    <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
                      {t('config.addVersion')}
                    </Button>
                  )
                }
              >
                <Typography.Paragraph>{selected.description[locale]}</Typography.Paragraph>
                <Descriptions
                  size="small"
                  column={1}
                  items={[
                    { key: 'default', label: t('config.default'), children: <JsonValue value={selected.default} /> },
                  ]}
                />
                <Typography.Title level={5} style={{ marginTop: 16 }}>
                  {t('config.versions')}
                </Typography.Title>
                {versions.error && !versions.data ? (
                  <ApiErrorResult error={versions.error} onRetry={versions.reload} />
                ) : (
                  <ConfigVersionsTable
                    page={versions.data}
                    current={page}
                    pageSize={pageSize}
                    loading={versions.loading}
                    timeZone={status?.timeZone}
                    onPageChange={(next, size) =>
                      setParams({ key: selected.key, page: String(next), pageSize: String(size) })
                    }
                  />
                )}
              </Card>
              <Card title={t('config.resolveTitle')}>
                <Typography.Paragraph type="secondary">{t('config.resolveHelp')}</Typography.Paragraph>
                <ResolvePanel key={selected.key} configKey={selected.key} today={today} />
              </Card>
              <AddVersionModal
                key={selected.key}
                open={adding}
                configKey={selected.key}
                initialValue={selected.default}
                today={today}
                onClose={() => setAdding(false)}
                onCreated={() => {
                  setAdding(false);
                  void message.success(t('config.addVersionDone'));
                  versions.reload();
                }}
              />
            </Space>
          ) : (
            <Card>
              <Empty description={keys.loading ? t('common.loading') : t('config.selectKey')} />
            </Card>
          )}
        </Col>
      </Row>
    </>
  );
}
