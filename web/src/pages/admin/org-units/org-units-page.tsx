import { EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Empty, Row, Space, Tag } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useApiQuery } from '../../../api/use-api-query';
import { ApiErrorResult } from '../../../features/errors';
import {
  fetchAllOrgUnits,
  type OrgUnit,
  OrgUnitFormModal,
  OrgUnitTreeView,
  orgUnitKindLabel,
} from '../../../features/org-units';
import { useSession } from '../../../features/session';
import { useBusinessTimeZone } from '../../../features/system';
import { formatInstant, useT } from '../../../locales';
import { PageHeader } from '../../page-header';

type Editing = { unit: OrgUnit | null; parentId: string | null } | null;

export function OrgUnitsPage() {
  const t = useT();
  const { message } = App.useApp();
  const { can } = useSession();
  const timeZone = useBusinessTimeZone();
  const canManage = can('org.units.manage');
  const [params, setParams] = useSearchParams();
  const units = useApiQuery('org-units', fetchAllOrgUnits);
  const [editing, setEditing] = useState<Editing>(null);
  const items = units.data ?? [];
  const selectedId = params.get('unit');
  const selected = items.find((u) => u.id === selectedId) ?? null;
  const parent = selected?.parentId ? items.find((u) => u.id === selected.parentId) : undefined;

  if (units.error && !units.data) return <ApiErrorResult error={units.error} onRetry={units.reload} />;

  return (
    <>
      <PageHeader
        title={t('orgUnits.title')}
        subtitle={t('orgUnits.subtitle')}
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={units.reload}>
              {t('common.refresh')}
            </Button>
            {canManage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ unit: null, parentId: null })}>
                {t('orgUnits.create')}
              </Button>
            )}
          </Space>
        }
      />
      <Row gutter={[16, 16]} align="top">
        <Col xs={24} lg={14}>
          <Card title={t('orgUnits.tree')} loading={units.loading && !units.data}>
            {units.data && (
              <OrgUnitTreeView
                units={items}
                selectedId={selectedId}
                onSelect={(id) => setParams(id ? { unit: id } : {})}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card
            title={selected ? selected.name : t('orgUnits.details')}
            extra={
              selected &&
              canManage && (
                <Space>
                  <Button
                    size="small"
                    icon={<PlusOutlined />}
                    onClick={() => setEditing({ unit: null, parentId: selected.id })}
                  >
                    {t('orgUnits.addChild')}
                  </Button>
                  <Button
                    size="small"
                    icon={<EditOutlined />}
                    onClick={() => setEditing({ unit: selected, parentId: selected.parentId })}
                  >
                    {t('common.edit')}
                  </Button>
                </Space>
              )
            }
          >
            {selected ? (
              <Descriptions
                size="small"
                column={1}
                items={[
                  { key: 'kind', label: t('orgUnits.kind'), children: orgUnitKindLabel(selected.kind, t) },
                  { key: 'parent', label: t('orgUnits.parent'), children: parent?.name ?? t('orgUnits.noParent') },
                  { key: 'division', label: t('orgUnits.division'), children: selected.divisionCode },
                  { key: 'uscc', label: t('orgUnits.uscc'), children: selected.uscc ?? '—' },
                  {
                    key: 'status',
                    label: t('orgUnits.status'),
                    children:
                      selected.status === 'active' ? (
                        <Tag color="green">{t('orgUnits.statusActive')}</Tag>
                      ) : (
                        <Tag>{t('orgUnits.statusDissolved')}</Tag>
                      ),
                  },
                  { key: 'id', label: t('orgUnits.id'), children: selected.id },
                  {
                    key: 'updated',
                    label: t('common.updatedAt'),
                    children: formatInstant(selected.updatedAt, timeZone),
                  },
                ]}
              />
            ) : (
              <Empty description={t('orgUnits.selectUnit')} />
            )}
          </Card>
        </Col>
      </Row>
      <OrgUnitFormModal
        open={editing !== null}
        unit={editing?.unit ?? null}
        parentId={editing?.parentId ?? null}
        units={items}
        onClose={() => setEditing(null)}
        onSaved={(saved) => {
          setEditing(null);
          void message.success(t('orgUnits.saved'));
          units.reload();
          setParams({ unit: saved.id });
        }}
      />
    </>
  );
}
