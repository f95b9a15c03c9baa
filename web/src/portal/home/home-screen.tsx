import { CameraOutlined, EnvironmentOutlined, SearchOutlined } from '@ant-design/icons';
import { type ReactNode, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useT } from '../../locales';
import { useMyReports } from '../my-reports';
import { publicMapEnabled } from '../portal-api';
import { useTimeZone } from '../use-time-zone';
import { MyReportsList } from './my-reports-list';

function Choice(props: { to: string; icon: ReactNode; title: string; hint: string; primary?: boolean; id: string }) {
  return (
    <Link
      to={props.to}
      className={props.primary ? 'portal-choice portal-choice-primary' : 'portal-choice'}
      data-testid={props.id}
    >
      <span className="portal-choice-icon" aria-hidden>
        {props.icon}
      </span>
      <span>
        <span className="portal-choice-title">{props.title}</span>
        <span className="portal-choice-hint">{props.hint}</span>
      </span>
    </Link>
  );
}

export function HomeScreen() {
  const t = useT();
  const reports = useMyReports();
  const timeZone = useTimeZone();
  const [mapOn, setMapOn] = useState(false);
  useEffect(() => {
    let live = true;
    void publicMapEnabled().then((on) => {
      if (live) setMapOn(on);
    });
    return () => {
      live = false;
    };
  }, []);

  return (
    <div data-testid="portal-home">
      <p className="portal-help" style={{ marginTop: 0 }}>
        {t('portal.tagline')}
      </p>
      <Choice
        id="home-report"
        to="/report"
        primary
        icon={<CameraOutlined />}
        title={t('portal.report')}
        hint={t('portal.reportHint')}
      />
      <Choice
        id="home-track"
        to="/track"
        icon={<SearchOutlined />}
        title={t('portal.track')}
        hint={t('portal.trackHint')}
      />
      {mapOn && (
        <Choice
          id="home-map"
          to="/map"
          icon={<EnvironmentOutlined />}
          title={t('portal.map')}
          hint={t('portal.mapHint')}
        />
      )}
      {reports.length > 0 && (
        <section className="portal-card" aria-labelledby="my-reports-title">
          <h2 id="my-reports-title">{t('portal.myReports')}</h2>
          <p className="portal-help">{t('portal.myReportsHint')}</p>
          <MyReportsList reports={reports} timeZone={timeZone} />
        </section>
      )}
    </div>
  );
}
