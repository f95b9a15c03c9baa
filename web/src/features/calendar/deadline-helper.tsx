import { CalculatorOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Descriptions, Form, Input, InputNumber, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { formatInstant, useT } from '../../locales';
import { isDivisionCode } from '../config';
import { useNotifyError } from '../errors';
import { type DeadlineAnswer, type DeadlineUnit, fetchDeadline } from './calendar-api';
import { businessInstant } from './calendar-days';
import { DEADLINE_UNITS, unitLabel } from './labels';

interface DeadlineForm {
  from: Dayjs;
  amount: number;
  unit: DeadlineUnit;
  division: string;
}

export interface DeadlineHelperProps {
  /** Business time zone: the start is meant on the business clock, and the due time is shown on it. */
  timeZone: string | undefined;
  /** The start offered first (now, on the business clock). */
  initialFrom: Dayjs;
}

/** 时限计算: when would a limit started at a given time run out, and why (the server counts as the case engine does). */
export function DeadlineHelper({ timeZone, initialFrom }: DeadlineHelperProps) {
  const t = useT();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<DeadlineForm>();
  const [answer, setAnswer] = useState<DeadlineAnswer | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: DeadlineForm) => {
    setBusy(true);
    try {
      const division = (values.division ?? '').trim();
      setAnswer(
        await fetchDeadline({
          from: businessInstant(values.from.format('YYYY-MM-DDTHH:mm'), timeZone),
          amount: values.amount,
          unit: values.unit,
          ...(division ? { division } : {}),
        }),
      );
    } catch (error) {
      setAnswer(null);
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  const periods = answer?.workingHours.periods.map((p) => `${p.start}–${p.end}`).join(t('calendar.spanSeparator'));
  const unknownYears = answer?.explanation.unknownYears ?? [];
  return (
    <>
      <Typography.Paragraph type="secondary">{t('calendar.deadlineHelp')}</Typography.Paragraph>
      <Form<DeadlineForm>
        form={form}
        layout="inline"
        name="calendar-deadline"
        aria-label={t('calendar.deadlineTitle')}
        initialValues={{ from: initialFrom, amount: 3, unit: 'working_days', division: '' }}
        onFinish={submit}
        style={{ rowGap: 12 }}
      >
        <Form.Item name="from" label={t('calendar.from')} rules={[{ required: true, message: t('common.required') }]}>
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            allowClear={false}
            needConfirm={false}
            data-testid="deadline-from"
          />
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('calendar.amount')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <InputNumber min={0.5} max={1000} step={1} style={{ width: 96 }} data-testid="deadline-amount" />
        </Form.Item>
        <Form.Item name="unit" label={t('calendar.unit')}>
          <Select
            style={{ width: 136 }}
            data-testid="deadline-unit"
            options={DEADLINE_UNITS.map((u) => ({ value: u, label: unitLabel(u, t) }))}
          />
        </Form.Item>
        <Form.Item
          name="division"
          label={t('calendar.division')}
          rules={[
            {
              validator: async (_, v: string) =>
                isDivisionCode(v ?? '') ? undefined : Promise.reject(new Error(t('common.divisionInvalid'))),
            },
          ]}
        >
          <Input
            placeholder={t('calendar.divisionPlaceholder')}
            allowClear
            inputMode="numeric"
            style={{ width: 180 }}
          />
        </Form.Item>
        <Form.Item>
          <Button
            htmlType="submit"
            type="primary"
            icon={<CalculatorOutlined />}
            loading={busy}
            data-testid="deadline-compute"
          >
            {t('calendar.compute')}
          </Button>
        </Form.Item>
      </Form>
      {answer && (
        <>
          <Descriptions
            size="small"
            bordered
            column={1}
            style={{ marginTop: 16 }}
            data-testid="deadline-answer"
            items={[
              {
                key: 'due',
                label: t('calendar.dueAt'),
                children: (
                  <Typography.Text strong data-testid="deadline-due">
                    {answer.dueAt ? formatInstant(answer.dueAt, timeZone, 'YYYY-MM-DD HH:mm') : '—'}
                  </Typography.Text>
                ),
              },
              {
                key: 'sentence',
                label: t('calendar.explanation'),
                children: <span data-testid="deadline-sentence">{answer.sentence}</span>,
              },
              ...(answer.limit.unit === 'working_hours'
                ? [{ key: 'hours', label: t('calendar.workingHoursUsed'), children: periods || '—' }]
                : []),
            ]}
          />
          {unknownYears.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 12 }}
              title={t('calendar.unknownYearsWarning', { years: unknownYears.join(t('calendar.spanSeparator')) })}
            />
          )}
        </>
      )}
    </>
  );
}
