import { Alert, App, Form, Modal, Select, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../../../api/errors';
import { useApiQuery } from '../../../api/use-api-query';
import { useT } from '../../../locales';
import { SubmissionKeys } from '../../config';
import { errorText, useNotifyError } from '../../errors';
import { useBusinessTimeZone } from '../../system';
import {
  type AvailableAction,
  applyAction,
  type Candidates,
  type CaseDetail,
  type DispatchProposal,
  fetchDispatchProposal,
  splitCase,
} from '../cases-api';
import { PhotoUpload, type UploadedPhoto, uploadedIds, uploading } from '../photo-upload';
import { ActionField } from './action-field';
import {
  attachmentsProblem,
  buildApplyBody,
  type FormValues,
  initialValues,
  needsOverrideReason,
  PROPOSAL_ACTIONS,
  visibleInputs,
} from './action-form-fields';

const TASK_FIELD = '$task';
/** Ant's button props have no place for data attributes, though it passes them on. */
const SUBMIT_TESTID: Record<string, string> = { 'data-testid': 'action-submit' };

export interface ActionModalProps {
  detail: CaseDetail;
  action: AvailableAction;
  candidates: Candidates | null;
  onClose: () => void;
  /** The action went through: reload the case and its history. */
  onDone: () => void;
}

/** The form of one action (Modal `data-testid="action-modal"`), built from what the workflow asks for. */
export function ActionModal({ detail, action, candidates, onClose, onDone }: ActionModalProps) {
  const t = useT();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const timeZone = useBusinessTimeZone();
  const [form] = Form.useForm<FormValues>();
  const [photos, setPhotos] = useState<UploadedPhoto[]>([]);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const keys = useRef(new SubmissionKeys());

  const wantsProposal = PROPOSAL_ACTIONS.includes(action.action);
  const proposalQuery = useApiQuery<DispatchProposal | null>(`proposal:${detail.id}:${action.action}`, (signal) =>
    wantsProposal ? fetchDispatchProposal(detail.id, signal) : Promise.resolve(null),
  );
  const proposal = proposalQuery.data ?? null;

  // The proposal arrives after the form is drawn: start the form from it once it is there.
  useEffect(() => {
    form.setFieldsValue(initialValues(action, proposal));
  }, [form, action, proposal]);

  const lead: unknown = Form.useWatch('lead', form);
  const values = useMemo<FormValues>(() => ({ lead }), [lead]);
  const inputs = visibleInputs(action, proposal, values);
  const override = needsOverrideReason(action, proposal, lead);
  const unitName = (id: string) => candidates?.units.find((u) => u.id === id)?.name ?? id;

  const tasks = action.taskIds.map((id) => detail.tasks.find((task) => task.id === id));
  const taskOptions = action.taskIds.map((id, i) => {
    const task = tasks[i];
    const who = task?.assigneeUnitName ?? task?.assigneeAccountName ?? '';
    return { value: id, label: task ? `${task.kindName}${who ? ` · ${who}` : ''}` : id };
  });

  const submit = async () => {
    let entered: FormValues;
    try {
      entered = await form.validateFields();
    } catch {
      return;
    }
    const problem = attachmentsProblem(action.attachments, uploadedIds(photos).length);
    if (problem) {
      setPhotoError(
        problem.kind === 'min'
          ? t('caseDetail.photosAtLeast', { min: problem.min })
          : t('caseDetail.photosAtMost', { max: problem.max }),
      );
      return;
    }
    setPhotoError(null);
    const body = buildApplyBody({
      action,
      proposal,
      values: entered,
      version: detail.version,
      attachments: uploadedIds(photos),
      taskId: entered[TASK_FIELD],
      timeZone,
    });
    const key = keys.current.keyFor({ case: detail.id, action: action.action, body });
    setSubmitting(true);
    try {
      if (action.action === 'split') await splitCase(detail.id, String(body.inputs?.reason ?? ''), key);
      else await applyAction(detail.id, action.action, body, key);
      keys.current.succeeded();
      void message.success(t('caseDetail.actionDone', { action: action.name }));
      onClose();
      onDone();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'CASE_STALE') {
        void message.warning(t('caseDetail.caseStale'));
        onClose();
        onDone();
      } else notifyError(error);
    } finally {
      setSubmitting(false);
    }
  };

  const busy = uploading(photos);
  return (
    <Modal
      open
      title={action.name}
      data-testid="action-modal"
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('caseDetail.ok')}
      cancelText={t('caseDetail.cancel')}
      okButtonProps={{ ...SUBMIT_TESTID, loading: submitting, disabled: busy, autoInsertSpace: false }}
      cancelButtonProps={{ autoInsertSpace: false }}
      maskClosable={false}
      destroyOnHidden
      width={560}
    >
      {wantsProposal && proposal && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="dispatch-proposal"
          title={t('caseDetail.proposalLead', { unit: unitName(proposal.lead) })}
          description={
            <>
              <Typography.Paragraph style={{ marginBottom: 4 }}>{proposal.explanation}</Typography.Paragraph>
              <Typography.Text type="secondary">
                {t('caseDetail.proposalLimit', { source: proposal.limitSource })}
              </Typography.Text>
            </>
          }
        />
      )}
      {wantsProposal && proposalQuery.error && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('caseDetail.proposalFailed', { message: errorText(proposalQuery.error, t) })}
        />
      )}
      {inputs.length === 0 && action.taskIds.length <= 1 && !action.attachments && (
        <Typography.Paragraph>{t('caseDetail.confirmAction', { action: action.name })}</Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" preserve={false} requiredMark>
        {action.taskIds.length > 1 && (
          <Form.Item
            name={TASK_FIELD}
            label={t('caseDetail.task')}
            data-testid="input-task"
            rules={[{ required: true, message: t('caseDetail.taskPick') }]}
          >
            <Select placeholder={t('caseDetail.taskPick')} options={taskOptions} />
          </Form.Item>
        )}
        {inputs.map((input) => (
          <ActionField
            key={input.name}
            action={action.action}
            input={input}
            candidates={candidates}
            proposal={wantsProposal ? proposal : null}
            extra={override && input.name === 'overrideReason' ? t('caseDetail.overrideHint') : undefined}
          />
        ))}
        {action.attachments && (
          <Form.Item
            label={action.attachments.label || t('caseDetail.photos')}
            required={action.attachments.min > 0}
            validateStatus={photoError ? 'error' : undefined}
            help={photoError ?? undefined}
            data-testid="input-attachments"
          >
            <PhotoUpload
              files={photos}
              max={action.attachments.max}
              ownerDivision={detail.divisionCode}
              data-testid="action-photos"
              onChange={(files) => {
                setPhotos(files);
                if (photoError && !attachmentsProblem(action.attachments, uploadedIds(files).length))
                  setPhotoError(null);
              }}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
