import { Button, Card, Empty, Space } from 'antd';
import { useT } from '../../../locales';
import type { AvailableAction } from '../cases-api';
import { HIDDEN_ACTIONS } from './action-form-fields';

/** Actions that end or turn a case back: drawn in red. */
const DANGER = ['void', 'decline', 'return', 'verify-refute', 'check-fail', 'reject-self-resolved', 'decline-assist'];

/** One button per action the reader may take now (`data-testid="action-<action>"`); merging is in the duplicates panel. */
export function ActionBar({
  actions,
  onPick,
}: {
  actions: readonly AvailableAction[];
  onPick: (action: AvailableAction) => void;
}) {
  const t = useT();
  const shown = actions.filter((a) => !HIDDEN_ACTIONS.includes(a.action));
  return (
    <Card size="small" title={t('caseDetail.actionsTitle')} data-testid="case-actions">
      {shown.length ? (
        <Space wrap>
          {shown.map((a, i) => (
            <Button
              key={a.action}
              type={i === 0 ? 'primary' : 'default'}
              danger={DANGER.includes(a.action)}
              autoInsertSpace={false}
              data-testid={`action-${a.action}`}
              onClick={() => onPick(a)}
            >
              {a.name}
            </Button>
          ))}
        </Space>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('caseDetail.noActions')} style={{ margin: 0 }} />
      )}
    </Card>
  );
}
