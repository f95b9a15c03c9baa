import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useT } from '../../locales';
import type { CaseFilterValues } from './case-filters';
import type { DeadlineColour } from './cases-api';
import { CHANNELS, channelLabel, DEADLINE_COLOURS, deadlineLabel } from './labels';

interface FormValues {
  q?: string;
  states?: string[];
  division?: string;
  grid?: string;
  category?: string;
  channel?: string;
  unit?: string;
  deadlineStatus?: DeadlineColour;
  open?: 'true' | 'false';
  days?: [Dayjs | null, Dayjs | null] | null;
}

export interface CaseFilterBarProps {
  value: CaseFilterValues;
  onChange: (next: CaseFilterValues) => void;
  /** The workflow's states, for the state filter. */
  states: { value: string; label: string }[];
  /** Subclasses, for the category filter. */
  categories: { value: string; label: string }[];
  /** Units the reader may name (empty: the unit filter is not offered). */
  units: { value: string; label: string }[];
  /** Where the export of the list as it stands is downloaded from. */
  exportHref: string;
}

/** Every filter of the case list; submitting puts them in the address bar, where the list reads them. */
export function CaseFilterBar({ value, onChange, states, categories, units, exportHref }: CaseFilterBarProps) {
  const t = useT();
  const [form] = Form.useForm<FormValues>();
  const serialized = JSON.stringify(value);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `value` is compared by content through `serialized`.
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue({
      q: value.q,
      states: value.states,
      division: value.division,
      grid: value.grid,
      category: value.category,
      channel: value.channel,
      unit: value.unit,
      deadlineStatus: value.deadlineStatus,
      open: value.open === undefined ? undefined : value.open ? 'true' : 'false',
      days: value.from || value.to ? [value.from ? dayjs(value.from) : null, value.to ? dayjs(value.to) : null] : null,
    });
  }, [form, serialized]);

  const submit = (v: FormValues) =>
    onChange({
      ...(value.sort ? { sort: value.sort } : {}),
      q: v.q?.trim() || undefined,
      states: v.states?.length ? v.states : undefined,
      division: v.division?.trim() || undefined,
      grid: v.grid?.trim() || undefined,
      category: v.category,
      channel: v.channel,
      unit: v.unit,
      deadlineStatus: v.deadlineStatus,
      open: v.open === undefined ? undefined : v.open === 'true',
      from: v.days?.[0]?.format('YYYY-MM-DD'),
      to: v.days?.[1]?.format('YYYY-MM-DD'),
    });

  const wide = { width: 200 };
  return (
    <Form<FormValues> form={form} layout="inline" onFinish={submit} style={{ rowGap: 8, marginBottom: 16 }}>
      <Form.Item name="q">
        <Input allowClear placeholder={t('cases.filterQ')} style={{ width: 220 }} data-testid="filter-q" />
      </Form.Item>
      <Form.Item name="states">
        <Select
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t('cases.filterState')}
          options={states}
          style={{ width: 240 }}
          data-testid="filter-state"
        />
      </Form.Item>
      <Form.Item name="category">
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('cases.filterCategory')}
          options={categories}
          style={wide}
        />
      </Form.Item>
      <Form.Item name="channel">
        <Select
          allowClear
          placeholder={t('cases.filterChannel')}
          options={CHANNELS.map((c) => ({ value: c, label: channelLabel(c, t) }))}
          style={{ width: 140 }}
        />
      </Form.Item>
      <Form.Item name="deadlineStatus">
        <Select
          allowClear
          placeholder={t('cases.filterDeadline')}
          options={DEADLINE_COLOURS.map((c) => ({ value: c, label: deadlineLabel(c, t) }))}
          style={{ width: 130 }}
          data-testid="filter-deadline"
        />
      </Form.Item>
      <Form.Item name="open">
        <Select
          allowClear
          placeholder={t('cases.filterOpen')}
          options={[
            { value: 'true', label: t('cases.openOnly') },
            { value: 'false', label: t('cases.closedOnly') },
          ]}
          style={{ width: 120 }}
        />
      </Form.Item>
      <Form.Item name="division">
        <Input allowClear placeholder={t('cases.filterDivision')} style={{ width: 170 }} />
      </Form.Item>
      <Form.Item name="grid">
        <Input allowClear placeholder={t('cases.filterGrid')} style={{ width: 170 }} />
      </Form.Item>
      {units.length > 0 && (
        <Form.Item name="unit">
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('cases.filterUnit')}
            options={units}
            style={wide}
          />
        </Form.Item>
      )}
      <Form.Item name="days" label={t('cases.filterDates')}>
        <DatePicker.RangePicker allowEmpty={[true, true]} />
      </Form.Item>
      <Flex gap={8}>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="filter-submit">
          {t('cases.search')}
        </Button>
        <Button onClick={() => onChange(value.sort ? { sort: value.sort } : {})}>{t('cases.reset')}</Button>
        <Button icon={<DownloadOutlined />} href={exportHref} download data-testid="cases-export">
          {t('cases.export')}
        </Button>
      </Flex>
    </Form>
  );
}
