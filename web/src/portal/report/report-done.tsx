import { CheckCircleFilled, CopyOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useT } from '../../locales';
import type { ReportCreated } from '../portal-api';

/**
 * Copies text; the Clipboard API exists only in secure contexts and intranet portals are often plain http,
 * so the old selection command is the fallback.
 */
async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused: try the old way.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

/** The report went in: the tracking code, large, to copy and keep. */
export function ReportDone({ created, onAnother }: { created: ReportCreated; onAnother: () => void }) {
  const t = useT();
  const [copied, setCopied] = useState<boolean | null>(null);
  const navigate = useNavigate();
  return (
    <div data-testid="report-done" data-code={created.code}>
      <div style={{ textAlign: 'center', margin: '8px 0 16px' }}>
        <CheckCircleFilled style={{ fontSize: 56, color: '#2e7d32' }} aria-hidden />
        <h1 style={{ marginTop: 8 }}>{t('portal.doneTitle')}</h1>
      </div>
      <section className="portal-card">
        <div className="portal-muted" style={{ textAlign: 'center' }}>
          {t('portal.doneCodeLabel')}
        </div>
        <span className="portal-code portal-code-big" data-testid="report-code">
          {created.code}
        </span>
        <Button
          size="large"
          block
          icon={<CopyOutlined />}
          data-testid="report-code-copy"
          onClick={async () => setCopied(await copyText(created.code))}
        >
          {t('portal.copy')}
        </Button>
        {/* Said where the finger is and kept there: a toast is gone before some residents have read it. */}
        <p className="portal-muted" role="status" style={{ textAlign: 'center', margin: '8px 0 0' }}>
          {copied === null ? '' : t(copied ? 'portal.copied' : 'portal.copyFailed')}
        </p>
        <p className="portal-help" style={{ marginTop: 12 }}>
          {t('portal.doneAdvice')}
        </p>
        {created.number && <p className="portal-muted">{t('portal.doneNumber', { number: created.number })}</p>}
      </section>
      <div className="portal-stack">
        <Button
          type="primary"
          size="large"
          block
          data-testid="report-view-progress"
          onClick={() => navigate(`/track/${created.code}`)}
        >
          {t('portal.viewProgress')}
        </Button>
        <Button size="large" block onClick={onAnother}>
          {t('portal.reportAnother')}
        </Button>
      </div>
    </div>
  );
}
