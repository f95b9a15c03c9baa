import { Alert, Button, Checkbox, Col, Form, Input, InputNumber, Radio, Row, Select } from 'antd';
import { useRef, useState } from 'react';
import { useT } from '../../locales';
import { SubmissionKeys } from '../config';
import { useNotifyError } from '../errors';
import { fetchGrid, GridSelect } from '../grids';
import { useSession } from '../session';
import { type CaseDetail, type NewCase, reportCase } from './cases-api';
import { CHANNELS, channelLabel } from './labels';
import { PhotoUpload, type UploadedPhoto, uploadedIds, uploading } from './photo-upload';
import { useCategoryOptions } from './reference-options';

interface FormValues {
  lng?: number;
  lat?: number;
  address?: string;
  category?: string;
  description?: string;
  channel?: NewCase['channel'];
  urgency: NonNullable<NewCase['urgency']>;
  selfResolve: boolean;
}

const CODE_SET = 'cjt214.event';

/**
 * Records a problem (登记问题) for the urban loop: the place (a grid's centre or coordinates), the subclass,
 * the description and photos; the server finds the grid, numbers the case and picks the channel by role
 * unless one is chosen. A grid worker or supervisor who fixed it on the spot records it as 自行处置.
 */
export function CaseReportForm({ onReported }: { onReported: (c: CaseDetail) => void }) {
  const t = useT();
  const notifyError = useNotifyError();
  const { can } = useSession();
  const [form] = Form.useForm<FormValues>();
  const [grid, setGrid] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [photos, setPhotos] = useState<UploadedPhoto[]>([]);
  const [community, setCommunity] = useState<string | undefined>(undefined);
  const keys = useRef(new SubmissionKeys());
  const categories = useCategoryOptions(CODE_SET);
  const selfResolve = Form.useWatch('selfResolve', form);

  const pickGrid = async (code: string | null) => {
    setGrid(code);
    if (!code) return;
    try {
      const g = await fetchGrid(code);
      form.setFieldsValue({ lng: g.label[0], lat: g.label[1] });
      setCommunity(g.communityCode);
    } catch (error) {
      notifyError(error);
    }
  };

  const submit = async (v: FormValues) => {
    if (v.lng === undefined || v.lat === undefined || v.category === undefined || v.description === undefined) return;
    const body: NewCase = {
      ...(v.selfResolve ? { action: 'self-resolve' as const } : {}),
      location: { lng: v.lng, lat: v.lat, ...(v.address?.trim() ? { address: v.address.trim() } : {}) },
      category: { codeSet: CODE_SET, code: v.category },
      description: v.description.trim(),
      urgency: v.urgency,
      ...(v.channel ? { channel: v.channel } : {}),
      ...(uploadedIds(photos).length ? { attachments: uploadedIds(photos) } : {}),
    };
    setSubmitting(true);
    try {
      const created = await reportCase(body, keys.current.keyFor(body));
      keys.current.succeeded();
      onReported(created);
    } catch (error) {
      notifyError(error);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      initialValues={{ urgency: 'normal', selfResolve: false }}
      onFinish={submit}
      data-testid="case-report-form"
      style={{ maxWidth: 880 }}
    >
      <Form.Item label={t('cases.location')} extra={t('cases.locationHelp')} required>
        <Row gutter={[12, 8]}>
          {can('grids.read') && (
            <Col xs={24} md={12}>
              <GridSelect value={grid} onChange={(g) => void pickGrid(g?.code ?? null)} style={{ width: '100%' }} />
            </Col>
          )}
          <Col xs={12} md={6}>
            <Form.Item name="lng" noStyle rules={[{ required: true, message: t('cases.locationRequired') }]}>
              <InputNumber
                min={-180}
                max={180}
                step={0.0001}
                placeholder={t('cases.lng')}
                style={{ width: '100%' }}
                data-testid="report-lng"
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="lat" noStyle rules={[{ required: true, message: t('cases.locationRequired') }]}>
              <InputNumber
                min={-90}
                max={90}
                step={0.0001}
                placeholder={t('cases.lat')}
                style={{ width: '100%' }}
                data-testid="report-lat"
              />
            </Form.Item>
          </Col>
        </Row>
      </Form.Item>
      <Form.Item name="address" label={t('cases.address')}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        name="category"
        label={t('cases.category')}
        rules={[{ required: true, message: t('cases.categoryRequired') }]}
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          loading={categories.loading}
          options={categories.groups}
          data-testid="report-category"
        />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('cases.description')}
        rules={[{ required: true, min: 2, whitespace: true, message: t('cases.descriptionRequired') }]}
      >
        <Input.TextArea
          rows={4}
          maxLength={2000}
          showCount
          placeholder={t('cases.descriptionPlaceholder')}
          data-testid="report-description"
        />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="urgency" label={t('cases.urgency')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'normal', label: t('cases.urgencyNormal') },
                { value: 'urgent', label: t('cases.urgencyUrgent') },
                { value: 'emergency', label: t('cases.urgencyEmergency') },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="channel" label={t('cases.channel')}>
            <Select allowClear options={CHANNELS.map((c) => ({ value: c, label: channelLabel(c, t) }))} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t('cases.photos')} extra={t('cases.photosHelp')}>
        <PhotoUpload
          files={photos}
          max={9}
          onChange={setPhotos}
          ownerDivision={community}
          data-testid="report-photos"
        />
      </Form.Item>
      <Form.Item name="selfResolve" valuePropName="checked">
        <Checkbox>{t('cases.selfResolve')}</Checkbox>
      </Form.Item>
      {selfResolve && <Alert type="info" showIcon title={t('cases.selfResolve')} style={{ marginBottom: 16 }} />}
      <Button
        type="primary"
        htmlType="submit"
        loading={submitting}
        disabled={uploading(photos)}
        size="large"
        data-testid="report-submit"
      >
        {t('cases.submit')}
      </Button>
    </Form>
  );
}
