import { DatePicker, Form, Input, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { useT } from '../../locales';
import { useNotifyError } from '../errors';
import { createConfigVersion, type NewConfigVersion } from './config-api';
import { isDivisionCode } from './division';
import { SubmissionKeys } from './idempotency';

interface VersionForm {
  divisionCode: string;
  effectiveFrom: Dayjs;
  value: string;
  note: string;
}

export interface AddVersionModalProps {
  open: boolean;
  configKey: string;
  /** Prefilled value: the key's default, as JSON. */
  initialValue: unknown;
  today: Dayjs;
  onClose: () => void;
  onCreated: () => void;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export function AddVersionModal({ open, configKey, initialValue, today, onClose, onCreated }: AddVersionModalProps) {
  const t = useT();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<VersionForm>();
  const [busy, setBusy] = useState(false);
  // Kept while the page shows this key, so a retry after a failure (even after closing the dialog)
  // carries the same Idempotency-Key.
  const keys = useRef(new SubmissionKeys());

  const submit = async (values: VersionForm) => {
    const body: NewConfigVersion = {
      key: configKey,
      divisionCode: (values.divisionCode ?? '').trim(),
      effectiveFrom: values.effectiveFrom.format('YYYY-MM-DD'),
      value: JSON.parse(values.value),
      note: (values.note ?? '').trim(),
    };
    setBusy(true);
    try {
      await createConfigVersion(body, keys.current.keyFor(body));
      keys.current.succeeded();
      form.resetFields();
      onCreated();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('config.addVersionTitle', { key: configKey })}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
      width={560}
    >
      <Form<VersionForm>
        form={form}
        layout="vertical"
        name="add-config-version"
        initialValues={{
          divisionCode: '',
          effectiveFrom: today,
          value: JSON.stringify(initialValue ?? null, null, 2),
          note: '',
        }}
        onFinish={submit}
      >
        <Form.Item
          name="divisionCode"
          label={t('config.divisionCode')}
          extra={t('config.divisionHelp')}
          rules={[
            {
              validator: async (_, v: string) =>
                isDivisionCode(v ?? '') ? undefined : Promise.reject(new Error(t('config.divisionInvalid'))),
            },
          ]}
        >
          <Input inputMode="numeric" placeholder={t('config.divisionAll')} />
        </Form.Item>
        <Form.Item
          name="effectiveFrom"
          label={t('config.effectiveFrom')}
          rules={[{ required: true, message: t('config.required') }]}
        >
          {/* The server takes versions from today on: history is never rewritten. */}
          <DatePicker allowClear={false} style={{ width: '100%' }} disabledDate={(d) => d.isBefore(today, 'day')} />
        </Form.Item>
        <Form.Item
          name="value"
          label={t('config.value')}
          extra={t('config.valueHelp')}
          rules={[
            { required: true, message: t('config.required') },
            {
              validator: async (_, v: string) =>
                !v || isJson(v) ? undefined : Promise.reject(new Error(t('config.valueInvalid'))),
            },
          ]}
        >
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 10 }}
            style={{ fontFamily: 'monospace' }}
            spellCheck={false}
          />
        </Form.Item>
        <Form.Item name="note" label={t('config.note')}>
          <Input.TextArea
            autoSize={{ minRows: 1, maxRows: 4 }}
            placeholder={t('config.notePlaceholder')}
            maxLength={500}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
