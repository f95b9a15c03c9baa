import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { CaseDetailView } from '../../../features/cases/case-detail';
import { useT } from '../../../locales';

/** 案件详情 (/cases/:id): the case, its history and the actions the reader may take now. */
export function CaseDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const back = (
    <div>
      <Link to="/cases" data-testid="case-back">
        <ArrowLeftOutlined /> {t('caseDetail.back')}
      </Link>
    </div>
  );
  return <CaseDetailView key={id} id={id} backLink={back} />;
}
