import { Alert, DatePicker, Form, Input, Modal, Radio, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useT } from '../../locales';
import { useNotifyError } from '../errors';
import { type CalendarDay, type LocalDayChange, type LocalDayKind, setLocalDay } from './calendar-api';
import { defaultLocalKind, isWeekend } from './calendar-days';
import { kindLabel, sourceLabel } from './labels';

/** The longest name the server takes. */
export const DAY_NAME_MAX = 60;

interface LocalDayForm {
  date: Dayjs;
  kind: LocalDayKind;
  name: string;
}

export interface LocalDayModalProps {
  /** The date to decide on; null closes the dialog. */
  date: string | null;
  /** What the calendar says of each date now (the exceptional days of the year shown). */
  dayOf: (date: string) => CalendarDay | undefined;
  onClose: () => void;
  onDone: (change: LocalDayChange) => void;
}

/**
 * A local decision for one date (防台风停工, 迎检调休上班): the dialog says what the date is now and that
 * saving recomputes open deadlines; saving is the confirmation.
 */
export function LocalDayModal({ date, dayOf, onClose, onDone }: LocalDayModalProps) {
  const t = useT();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<LocalDayForm>();
  const [busy, setBusy] = useState(false);
  const picked = Form.useWatch('date', form);
  const pickedDate = picked ? picked.format('YYYY-MM-DD') : date;
  const current = pickedDate ? dayOf(pickedDate) : undefined;

  useEffect(() => {
    if (!date) return;
    const existing = dayOf(date);
    const local = existing?.source === 'local' && (existing.kind === 'holiday' || existing.kind === 'workday');
    form.setFieldsValue({
      date: dayjs(date),
      kind: local ? (existing.kind as LocalDayKind) : defaultLocalKind(date),
      name: local ? (existing.name ?? '') : '',
    });
  }, [date, dayOf, form]);

  const submit = async (values: LocalDayForm) => {
    setBusy(true);
    try {
      const change = await setLocalDay(values.date.format('YYYY-MM-DD'), {
        kind: values.kind,
        name: values.name.trim(),
      });
      onDone(change);
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  const now =
    current && (current.kind === 'holiday' || current.kind === 'workday')
      ? [current.name, kindLabel(current.kind, t), current.source ? sourceLabel(current.source, t) : null]
          .filter(Boolean)
          .join(' · ')
      : pickedDate && isWeekend(pickedDate)
        ? t('calendar.ordinaryWeekend')
        : t('calendar.ordinaryWeekday');

  return (
    <Modal
      open={date !== null}
      title={t('calendar.localModalTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
      width={520}
    >
      <Alert type="info" showIcon title={t('calendar.localNotice')} style={{ marginBottom: 16 }} />
      <Form<LocalDayForm>
        form={form}
        layout="vertical"
        name="calendar-local-day"
        onFinish={submit}
        onValuesChange={(changed: Partial<LocalDayForm>) => {
          // A new date: what it most likely needs (a weekday off, a weekend worked).
          if (changed.date) form.setFieldValue('kind', defaultLocalKind(changed.date.format('YYYY-MM-DD')));
        }}
      >
        <Form.Item
          name="date"
          label={t('calendar.date')}
          rules={[{ required: true, message: t('common.required') }]}
          extra={
            <Typography.Text type="secondary" data-testid="local-day-now">
              {t('calendar.currently', { state: now })}
            </Typography.Text>
          }
        >
          <DatePicker allowClear={false} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="kind" label={t('calendar.kind')} rules={[{ required: true, message: t('common.required') }]}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'holiday', label: t('calendar.kindHolidayHelp') },
              { value: 'workday', label: t('calendar.kindWorkdayHelp') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('calendar.name')}
          rules={[
            { required: true, whitespace: true, message: t('calendar.nameRequired') },
            { max: DAY_NAME_MAX, message: t('calendar.nameTooLong', { max: DAY_NAME_MAX }) },
          ]}
        >
          <Input placeholder={t('calendar.namePlaceholder')} maxLength={DAY_NAME_MAX} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
