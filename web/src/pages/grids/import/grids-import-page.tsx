import { CheckCircleOutlined, FileSearchOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Radio, Result, Select, Space, Steps, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorText, useNotifyError } from '../../../features/errors';
import {
  type Crs,
  checkGeojsonText,
  type FileCheck,
  GRID_KINDS,
  type GridKind,
  type ImportReport,
  ImportReportView,
  importGrids,
  kindLabel,
} from '../../../features/grids';
import { type MessageKey, useT } from '../../../locales';
import { PageHeader } from '../../page-header';

const FILE_PROBLEM: Record<Exclude<FileCheck, { ok: true }>['reason'], MessageKey> = {
  json: 'grids.fileNotJson',
  notCollection: 'grids.fileNotCollection',
  empty: 'grids.fileEmpty',
  tooMany: 'grids.fileTooMany',
};

/**
 * 网格导入: a GeoJSON file of grids is read in the browser, checked by the server (a dry run that writes
 * nothing) and imported only when the check found nothing in the way; the server writes all or nothing.
 */
export function GridsImportPage() {
  const t = useT();
  const { modal } = App.useApp();
  const notifyError = useNotifyError();
  const [file, setFile] = useState<{ name: string; check: FileCheck } | null>(null);
  const [crs, setCrs] = useState<Crs>('wgs84');
  const [defaultKind, setDefaultKind] = useState<GridKind>('social');
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const [error, setError] = useState<string | null>(null);

  // A report answers for one file and one set of choices: any change asks for a new check.
  const changed = () => {
    setReport(null);
    setError(null);
  };

  const run = async (dryRun: boolean) => {
    if (!file?.check.ok) return;
    setBusy(dryRun ? 'check' : 'import');
    setError(null);
    try {
      setReport(await importGrids({ featureCollection: file.check.collection, crs, defaultKind, dryRun }));
    } catch (e) {
      if (dryRun) setError(errorText(e, t));
      else notifyError(e);
    } finally {
      setBusy(null);
    }
  };

  const confirmImport = () => {
    if (!report) return;
    modal.confirm({
      title: t('grids.importConfirmTitle'),
      content: t('grids.importConfirmText', { create: report.create.length, update: report.update.length }),
      okText: t('grids.importRun'),
      cancelText: t('common.cancel'),
      onOk: () => run(false),
    });
  };

  const step = report?.written ? 2 : report ? 1 : 0;

  return (
    <>
      <PageHeader title={t('grids.importTitle')} subtitle={t('grids.importSubtitle')} />
      <Flex vertical gap={16}>
        <Card size="small">
          <Steps
            size="small"
            current={step}
            items={[
              { title: t('grids.stepChoose'), content: t('grids.stepChooseText') },
              { title: t('grids.stepCheck'), content: t('grids.stepCheckText') },
              { title: t('grids.stepImport'), content: t('grids.stepImportText') },
            ]}
          />
        </Card>

        {report?.written ? (
          <Card>
            <Result
              status="success"
              icon={<CheckCircleOutlined />}
              title={t('grids.importDone')}
              subTitle={t('grids.importDoneText', { create: report.create.length, update: report.update.length })}
              data-testid="import-done"
              extra={
                <Space>
                  <Link to="/grids">
                    <Button type="primary">{t('grids.mapTitle')}</Button>
                  </Link>
                  <Button
                    onClick={() => {
                      setFile(null);
                      changed();
                    }}
                  >
                    {t('grids.importAnother')}
                  </Button>
                </Space>
              }
            />
          </Card>
        ) : (
          <Card size="small" title={t('grids.stepChoose')}>
            <Flex vertical gap={16}>
              <Upload.Dragger
                accept=".geojson,.json,application/geo+json,application/json"
                maxCount={1}
                showUploadList={false}
                beforeUpload={(chosen) => {
                  // Read here; nothing is uploaded until the check.
                  void chosen.text().then(
                    (text) => {
                      setFile({ name: chosen.name, check: checkGeojsonText(text) });
                      changed();
                    },
                    () => {
                      setFile({ name: chosen.name, check: { ok: false, reason: 'json' } });
                      changed();
                    },
                  );
                  return false;
                }}
                data-testid="import-file"
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{t('grids.fileDrop')}</p>
                <p className="ant-upload-hint">{t('grids.fileHint')}</p>
              </Upload.Dragger>
              {file &&
                (file.check.ok ? (
                  <Alert
                    type="info"
                    showIcon
                    title={t('grids.fileRead', { name: file.name, count: file.check.features })}
                    data-testid="import-file-ok"
                  />
                ) : (
                  <Alert
                    type="error"
                    showIcon
                    title={t('grids.fileUnusable', { name: file.name })}
                    description={t(FILE_PROBLEM[file.check.reason])}
                  />
                ))}
              <Form layout="inline">
                <Form.Item label={t('grids.crs')} tooltip={t('grids.crsHelp')}>
                  <Radio.Group
                    value={crs}
                    onChange={(e) => {
                      setCrs(e.target.value as Crs);
                      changed();
                    }}
                    optionType="button"
                    options={[
                      { value: 'wgs84', label: t('grids.crsWgs84') },
                      { value: 'gcj02', label: t('grids.crsGcj02') },
                    ]}
                  />
                </Form.Item>
                <Form.Item label={t('grids.defaultKind')} tooltip={t('grids.defaultKindHelp')}>
                  <Select<GridKind>
                    value={defaultKind}
                    style={{ width: 200 }}
                    onChange={(v) => {
                      setDefaultKind(v);
                      changed();
                    }}
                    options={GRID_KINDS.map((k) => ({ value: k, label: kindLabel(k, t) }))}
                  />
                </Form.Item>
              </Form>
              <Space wrap>
                <Button
                  icon={<FileSearchOutlined />}
                  type={report ? 'default' : 'primary'}
                  disabled={!file?.check.ok}
                  loading={busy === 'check'}
                  onClick={() => run(true)}
                  data-testid="import-check"
                >
                  {t('grids.importCheck')}
                </Button>
                <Button
                  type="primary"
                  icon={<UploadOutlined />}
                  disabled={!report?.ok || report.written}
                  loading={busy === 'import'}
                  onClick={confirmImport}
                  data-testid="import-run"
                >
                  {t('grids.importRun')}
                </Button>
                {report && !report.ok && (
                  <Typography.Text type="danger">{t('grids.importRunDisabled')}</Typography.Text>
                )}
              </Space>
              {error && <Alert type="error" showIcon title={t('grids.importCheckFailed')} description={error} />}
            </Flex>
          </Card>
        )}

        {report && <ImportReportView report={report} />}
      </Flex>
    </>
  );
}
