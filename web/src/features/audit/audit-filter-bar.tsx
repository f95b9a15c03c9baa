import { SearchOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useT } from '../../locales';
import type { AuditOutcome } from './audit-api';
import type { AuditFilterValues } from './audit-filters';
import { outcomeLabel } from './outcome';

interface FormValues {
  actorId?: string;
  action?: string;
  outcome?: AuditOutcome;
  days?: [Dayjs | null, Dayjs | null] | null;
}

/** Actor, action, outcome and a range of days; submitting puts them in the address bar. */
export function AuditFilterBar({
  value,
  onChange,
}: {
  value: AuditFilterValues;
  onChange: (next: AuditFilterValues) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<FormValues>();

  // Follows the address bar (back button, a shared link), not every re-render: typing is not overwritten.
  const serialized = JSON.stringify(value);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `value` is compared by content through `serialized`.
  useEffect(() => {
    form.setFieldsValue({
      actorId: value.actorId,
      action: value.action,
      outcome: value.outcome,
      days:
        value.fromDay || value.toDay
          ? [value.fromDay ? dayjs(value.fromDay) : null, value.toDay ? dayjs(value.toDay) : null]
          : null,
    });
  }, [form, serialized]);

  const submit = (v: FormValues) =>
    onChange({
      actorId: v.actorId,
      action: v.action,
      outcome: v.outcome,
      fromDay: v.days?.[0]?.format('YYYY-MM-DD'),
      toDay: v.days?.[1]?.format('YYYY-MM-DD'),
    });

  return (
    <Form<FormValues> form={form} layout="inline" name="audit-filters" onFinish={submit} style={{ rowGap: 12 }}>
      <Form.Item name="actorId" label={t('audit.actor')}>
        <Input allowClear placeholder={t('audit.actorPlaceholder')} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item
        name="action"
        label={t('audit.action')}
        rules={[{ pattern: /^\s*[a-z0-9.-]*\s*$/, message: t('audit.actionInvalid') }]}
      >
        <Input allowClear placeholder="identity.login" style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="outcome" label={t('audit.outcome')}>
        <Select<AuditOutcome>
          allowClear
          style={{ width: 120 }}
          placeholder={t('audit.outcomeAny')}
          options={(['success', 'failure', 'denied'] as const).map((o) => ({ value: o, label: outcomeLabel(o, t) }))}
        />
      </Form.Item>
      <Form.Item name="days" label={t('audit.days')}>
        <DatePicker.RangePicker allowEmpty={[true, true]} />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
          {t('audit.search')}
        </Button>
      </Form.Item>
      <Form.Item>
        <Button
          onClick={() => {
            form.resetFields();
            onChange({});
          }}
        >
          {t('audit.reset')}
        </Button>
      </Form.Item>
    </Form>
  );
}
