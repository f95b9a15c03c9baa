import { Alert, Descriptions, Typography } from 'antd';
import { useT } from '../../locales';
import type { AuditVerification } from './audit-api';

/** What the chain check found: intact up to the head (keep its hash elsewhere), or where it breaks. */
export function VerifyResult({ result }: { result: AuditVerification }) {
  const t = useT();
  const facts = (
    <Descriptions
      size="small"
      column={1}
      style={{ marginTop: 8 }}
      items={[
        { key: 'checked', label: t('audit.verifyChecked'), children: result.checked },
        {
          key: 'range',
          label: t('audit.verifyRange'),
          children: result.firstSeq === null ? '—' : `${result.firstSeq} – ${result.lastSeq ?? '—'}`,
        },
        {
          key: 'head',
          label: t('audit.verifyHead'),
          children: result.lastHash ? (
            <Typography.Text code copyable style={{ overflowWrap: 'anywhere' }}>
              {result.lastHash}
            </Typography.Text>
          ) : (
            '—'
          ),
        },
      ]}
    />
  );
  if (result.ok) {
    return (
      <Alert
        type="success"
        showIcon
        data-testid="audit-verify-result"
        title={t('audit.verifyOk', { checked: result.checked })}
        description={
          <>
            {t('audit.verifyOkHelp')}
            {facts}
          </>
        }
      />
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      data-testid="audit-verify-result"
      title={t('audit.verifyBroken', { seq: result.firstBrokenSeq ?? '—' })}
      description={
        <>
          {result.reason && <Typography.Paragraph>{result.reason}</Typography.Paragraph>}
          {facts}
        </>
      }
    />
  );
}
