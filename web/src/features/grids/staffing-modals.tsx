import { Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select, TimePicker } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useT } from '../../locales';
import { SubmissionKeys } from '../config';
import { useNotifyError } from '../errors';
import { addPost, addSchedule, endPost, GRID_POSTS, type GridPost, type StaffMember } from './grids-api';
import { postLabel, weekdayLabel } from './labels';
import { PersonSelect } from './pickers';

const DATE = 'YYYY-MM-DD';

interface PostForm {
  personId: string;
  post: GridPost;
  validFrom: Dayjs;
  duties: string[];
}

/** Gives a person a post in the grid. Duties left empty take the post's configured duties. */
export function AddPostModal({
  open,
  gridCode,
  today,
  onClose,
  onSaved,
}: {
  open: boolean;
  gridCode: string;
  today: Dayjs;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<PostForm>();
  const [busy, setBusy] = useState(false);
  // Kept while the dialog is for this grid: a retry after a lost answer carries the same key.
  const keys = useRef(new SubmissionKeys());

  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const submit = async (v: PostForm) => {
    const duties = (v.duties ?? []).map((d) => d.trim()).filter(Boolean);
    const body = {
      personId: v.personId,
      post: v.post,
      validFrom: v.validFrom.format(DATE),
      ...(duties.length ? { duties } : {}),
    };
    setBusy(true);
    try {
      await addPost(gridCode, body, keys.current.keyFor({ gridCode, body }));
      keys.current.succeeded();
      onSaved();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('grids.addPostTitle', { code: gridCode })}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
      width={520}
    >
      <Form<PostForm>
        form={form}
        layout="vertical"
        name="add-grid-post"
        initialValues={{ post: 'full_time', validFrom: today, duties: [] }}
        onFinish={submit}
      >
        <Form.Item
          name="personId"
          label={t('grids.person')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <PersonSelect />
        </Form.Item>
        <Form.Item name="post" label={t('grids.post')} rules={[{ required: true, message: t('common.required') }]}>
          <Select options={GRID_POSTS.map((p) => ({ value: p, label: postLabel(p, t) }))} />
        </Form.Item>
        <Form.Item
          name="validFrom"
          label={t('grids.validFrom')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <DatePicker allowClear={false} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="duties" label={t('grids.duties')} extra={t('grids.dutiesHelp')}>
          <Select mode="tags" open={false} tokenSeparators={['；', ';']} placeholder={t('grids.dutiesPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface EndForm {
  reason: string;
  validTo: Dayjs;
}

/** Ends a post (its schedules end with it); the reason stays in the history. */
export function EndPostModal({
  member,
  gridCode,
  today,
  onClose,
  onSaved,
}: {
  member: StaffMember | null;
  gridCode: string;
  today: Dayjs;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<EndForm>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (member) form.resetFields();
  }, [member, form]);

  const submit = async (v: EndForm) => {
    if (!member) return;
    setBusy(true);
    try {
      await endPost(gridCode, member.postId, { reason: v.reason.trim(), validTo: v.validTo.format(DATE) });
      onSaved();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={member !== null}
      title={
        member ? t('grids.endPostTitle', { name: member.displayName, post: postLabel(member.post, t) }) : undefined
      }
      okText={t('grids.endPost')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
      width={480}
    >
      <Form<EndForm>
        form={form}
        layout="vertical"
        name="end-grid-post"
        initialValues={{ validTo: today }}
        onFinish={submit}
      >
        <Form.Item
          name="reason"
          label={t('grids.endReason')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input.TextArea rows={2} maxLength={300} showCount />
        </Form.Item>
        <Form.Item name="validTo" label={t('grids.validTo')} extra={t('grids.validToHelp')}>
          <DatePicker allowClear={false} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ScheduleForm {
  postId: string;
  weekdays: number[];
  hours: [Dayjs, Dayjs];
  patrolsPerDay: number;
  validFrom: Dayjs;
}

/** A duty schedule (定时) for one post holder: which weekdays, which hours, how many patrols a day. */
export function AddScheduleModal({
  open,
  gridCode,
  staff,
  postId,
  today,
  onClose,
  onSaved,
}: {
  open: boolean;
  gridCode: string;
  /** The posts in force, to choose from. */
  staff: readonly StaffMember[];
  /** Preselected post. */
  postId: string | null;
  today: Dayjs;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<ScheduleForm>();
  const [busy, setBusy] = useState(false);
  const keys = useRef(new SubmissionKeys());

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (postId) form.setFieldsValue({ postId });
  }, [open, postId, form]);

  const submit = async (v: ScheduleForm) => {
    const body = {
      postId: v.postId,
      weekdays: [...v.weekdays].sort((a, b) => a - b),
      startTime: v.hours[0].format('HH:mm'),
      endTime: v.hours[1].format('HH:mm'),
      patrolsPerDay: v.patrolsPerDay,
      validFrom: v.validFrom.format(DATE),
    };
    setBusy(true);
    try {
      await addSchedule(gridCode, body, keys.current.keyFor({ gridCode, body }));
      keys.current.succeeded();
      onSaved();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('grids.addScheduleTitle', { code: gridCode })}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
      width={520}
    >
      <Form<ScheduleForm>
        form={form}
        layout="vertical"
        name="add-grid-schedule"
        initialValues={{ weekdays: [1, 2, 3, 4, 5], patrolsPerDay: 2, validFrom: today }}
        onFinish={submit}
      >
        <Form.Item
          name="postId"
          label={t('grids.postHolder')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select
            options={staff
              .filter((s) => !s.validTo)
              .map((s) => ({
                value: s.postId,
                label: t('grids.holderWithPost', { name: s.displayName, post: postLabel(s.post, t) }),
              }))}
          />
        </Form.Item>
        <Form.Item
          name="weekdays"
          label={t('grids.weekdays')}
          rules={[{ required: true, type: 'array', min: 1, message: t('grids.weekdaysRequired') }]}
        >
          <Checkbox.Group options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: weekdayLabel(d, t) }))} />
        </Form.Item>
        <Form.Item
          name="hours"
          label={t('grids.hours')}
          rules={[
            { required: true, message: t('common.required') },
            {
              validator: async (_, v?: [Dayjs, Dayjs]) =>
                !v || v[0].format('HH:mm') < v[1].format('HH:mm')
                  ? undefined
                  : Promise.reject(new Error(t('grids.hoursInvalid'))),
            },
          ]}
        >
          <TimePicker.RangePicker format="HH:mm" minuteStep={5} order={false} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="patrolsPerDay"
          label={t('grids.patrolsPerDay')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <InputNumber min={0} max={24} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item
          name="validFrom"
          label={t('grids.validFrom')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <DatePicker allowClear={false} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
