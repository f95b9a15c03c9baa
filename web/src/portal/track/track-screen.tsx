import { useParams } from 'react-router';
import { useT } from '../../locales';
import { MyReportsList } from '../home/my-reports-list';
import { useMyReports } from '../my-reports';
import { Themed } from '../themed';
import { useTimeZone } from '../use-time-zone';
import { CodeForm } from './code-form';
import { TrackView } from './track-view';

/** 查询进度: by the code in the address (/portal/track/K7QM-2XPA-9D4C), else a form to type it. */
export function TrackScreen() {
  const t = useT();
  const { code } = useParams();
  const reports = useMyReports();
  const timeZone = useTimeZone();
  if (code)
    return (
      <Themed>
        <TrackView key={code} code={code} />
      </Themed>
    );
  return (
    <Themed>
      <h1>{t('portal.trackTitle')}</h1>
      <section className="portal-card">
        <CodeForm />
      </section>
      {reports.length > 0 && (
        <section className="portal-card" aria-labelledby="my-reports-title">
          <h2 id="my-reports-title">{t('portal.myReports')}</h2>
          <MyReportsList reports={reports} timeZone={timeZone} />
        </section>
      )}
    </Themed>
  );
}
