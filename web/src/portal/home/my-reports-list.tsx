import { Link } from 'react-router';
import { formatInstant, useT } from '../../locales';
import { forgetReport, type MyReport } from '../my-reports';

/** 我的反映: the codes this device reported or followed, each a link to its progress. */
export function MyReportsList({ reports, timeZone }: { reports: readonly MyReport[]; timeZone: string | undefined }) {
  const t = useT();
  return (
    <ul className="portal-list" data-testid="my-reports">
      {reports.map((r) => (
        <li key={r.code} data-code={r.code}>
          <Link to={`/track/${r.code}`} className="portal-list-link" data-testid="my-report-link">
            <span className="portal-code">{r.code}</span>
            {r.category && <span> · {r.category}</span>}
            <span className="portal-muted" style={{ display: 'block' }}>
              {t('portal.reportedOn', { date: formatInstant(r.reportedAt, timeZone, 'YYYY-MM-DD') })}
              {r.status && ` · ${t('portal.lastStatus', { status: r.status })}`}
            </span>
          </Link>
          <button
            type="button"
            className="portal-icon-button"
            aria-label={t('portal.forget')}
            title={t('portal.forget')}
            onClick={() => forgetReport(r.code)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
