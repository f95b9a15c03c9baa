import { App, Card } from 'antd';
import { useNavigate } from 'react-router';
import { CaseReportForm } from '../../../features/cases';
import { useT } from '../../../locales';
import { PageHeader } from '../../page-header';

/** 登记问题: the form, then the new case's own screen. */
export function CaseReportPage() {
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  return (
    <>
      <PageHeader title={t('cases.reportTitle')} subtitle={t('cases.reportSubtitle')} />
      <Card>
        <CaseReportForm
          onReported={(c) => {
            void message.success(t('cases.reported', { number: c.number ?? c.id }));
            navigate(`/cases/${c.id}`);
          }}
        />
      </Card>
    </>
  );
}
