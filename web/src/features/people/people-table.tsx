import { EyeOutlined, LockOutlined } from '@ant-design/icons';
import { App, Button, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { formatInstant, useT } from '../../locales';
import { useNotifyError } from '../errors';
import { maskedFields, type PeoplePage, type Person, type PersonalField, unmaskPerson } from './people-api';

export interface PeopleTableProps {
  page: PeoplePage | undefined;
  current: number;
  pageSize: number;
  loading: boolean;
  timeZone: string | undefined;
  /** Show the unmask button; the server still checks `personal-data.unmask` and records each view. */
  canUnmask: boolean;
  onPageChange: (page: number, pageSize: number) => void;
}

/**
 * People as the server sends them: phone, ID card and address masked (`138****5678`) unless unmasked. An
 * unmasked row stays on this screen only; leaving the page or searching again shows it masked again.
 */
export function PeopleTable({ page, current, pageSize, loading, timeZone, canUnmask, onPageChange }: PeopleTableProps) {
  const t = useT();
  const { modal } = App.useApp();
  const notifyError = useNotifyError();
  const [unmasked, setUnmasked] = useState<Record<string, Person>>({});
  const [busyId, setBusyId] = useState<string | null>(null);

  const unmask = (person: Person) => {
    const fields = maskedFields(person);
    modal.confirm({
      title: t('people.unmaskConfirmTitle', { name: person.displayName }),
      content: t('people.unmaskConfirmText'),
      okText: t('people.unmaskConfirmOk'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        setBusyId(person.id);
        try {
          const full = await unmaskPerson(person.id, fields);
          setUnmasked((m) => ({ ...m, [person.id]: full }));
        } catch (error) {
          notifyError(error);
        } finally {
          setBusyId(null);
        }
      },
    });
  };

  const field = (name: PersonalField) => (_: unknown, row: Person) => {
    const shown = unmasked[row.id] ?? row;
    const value = shown[name];
    if (value === null) return <Typography.Text type="secondary">—</Typography.Text>;
    return (
      <Typography.Text data-testid={`person-${name}`}>
        {value}
        {shown.masked[name] && (
          <Tooltip title={t('people.maskedHint')}>
            <LockOutlined style={{ marginInlineStart: 6, color: 'var(--ant-color-text-tertiary)' }} />
          </Tooltip>
        )}
      </Typography.Text>
    );
  };

  const columns: TableColumnsType<Person> = [
    {
      title: t('people.name'),
      dataIndex: 'displayName',
      render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
    },
    { title: t('people.phone'), key: 'phone', render: field('phone') },
    { title: t('people.idCard'), key: 'idCard', render: field('idCard') },
    { title: t('people.address'), key: 'address', render: field('address') },
    {
      title: t('people.division'),
      dataIndex: 'ownerDivision',
      render: (v: string) => v || t('common.everywhere'),
    },
    { title: t('people.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => formatInstant(v, timeZone) },
  ];
  if (canUnmask) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, row) => {
        if (unmasked[row.id]) return <Tag color="orange">{t('people.unmaskedTag')}</Tag>;
        if (maskedFields(row).length === 0) return null;
        return (
          <Button size="small" icon={<EyeOutlined />} loading={busyId === row.id} onClick={() => unmask(row)}>
            {t('people.unmask')}
          </Button>
        );
      },
    });
  }

  return (
    <Table<Person>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={page?.items ?? []}
      loading={loading}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('people.empty') }}
      data-testid="people-table"
      pagination={{
        current,
        pageSize,
        total: page?.total ?? 0,
        showSizeChanger: true,
        showTotal: (total) => t('common.total', { total }),
        onChange: onPageChange,
      }}
    />
  );
}
