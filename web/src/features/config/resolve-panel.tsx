import { SearchOutlined } from '@ant-design/icons';
import { Button, DatePicker, Descriptions, Form, Input } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useT } from '../../locales';
import { useNotifyError } from '../errors';
import { type ResolvedConfig, resolveConfig } from './config-api';
import { isDivisionCode } from './division';
import { JsonValue } from './json-value';

interface ResolveForm {
  division: string;
  at: Dayjs;
}

/** "What applies in 140403 on 2024-10-01?": the answer the case engine would get, with where it came from. */
export function ResolvePanel({ configKey, today }: { configKey: string; today: Dayjs }) {
  const t = useT();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<ResolveForm>();
  const [result, setResult] = useState<ResolvedConfig | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async ({ division, at }: ResolveForm) => {
    setBusy(true);
    try {
      setResult(await resolveConfig(configKey, division.trim(), at.format('YYYY-MM-DD')));
    } catch (error) {
      setResult(null);
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  const source = result?.source;
  return (
    <>
      <Form<ResolveForm>
        form={form}
        layout="inline"
        initialValues={{ division: '', at: today }}
        onFinish={submit}
        aria-label={t('config.resolveTitle')}
        style={{ rowGap: 12 }}
      >
        <Form.Item
          name="division"
          label={t('config.divisionCode')}
          rules={[
            {
              validator: async (_, v: string) =>
                isDivisionCode(v ?? '') ? undefined : Promise.reject(new Error(t('config.divisionInvalid'))),
            },
          ]}
        >
          <Input placeholder={t('config.divisionAll')} allowClear style={{ width: 180 }} inputMode="numeric" />
        </Form.Item>
        <Form.Item name="at" label={t('config.resolveAt')} rules={[{ required: true, message: t('config.required') }]}>
          <DatePicker allowClear={false} />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" icon={<SearchOutlined />} loading={busy}>
            {t('config.resolve')}
          </Button>
        </Form.Item>
      </Form>
      {result && (
        <Descriptions
          size="small"
          bordered
          column={1}
          style={{ marginTop: 16 }}
          items={[
            { key: 'value', label: t('config.resolvedValue'), children: <JsonValue value={result.value} /> },
            {
              key: 'source',
              label: t('config.resolvedSource'),
              children: source?.versionId
                ? t('config.sourceVersion', {
                    versionId: source.versionId,
                    division: source.divisionCode || t('config.divisionAll'),
                    effectiveFrom: source.effectiveFrom ?? '',
                  })
                : t('config.sourceDefault'),
            },
          ]}
        />
      )}
    </>
  );
}
