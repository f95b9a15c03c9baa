import { Card, Table, Tag } from 'antd';
import { formatInstant, useT } from '../../../locales';
import { useBusinessTimeZone } from '../../system';
import type { CaseTask } from '../cases-api';

/** Who was asked to do what on the case (verification, lead and assisting units, checks) and how it stands. */
export function TasksCard({ tasks }: { tasks: readonly CaseTask[] }) {
  const t = useT();
  const timeZone = useBusinessTimeZone();
  return (
    <Card size="small" title={t('caseDetail.tasksTitle')} data-testid="case-tasks">
      <Table<CaseTask>
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: 560 }}
        dataSource={[...tasks]}
        locale={{ emptyText: t('caseDetail.noTasks') }}
        onRow={(task) =>
          ({ 'data-testid': 'task-row', 'data-kind': task.kind, 'data-task-state': task.state }) as never
        }
        columns={[
          { key: 'kind', title: t('caseDetail.taskKind'), dataIndex: 'kindName' },
          {
            key: 'state',
            title: t('caseDetail.taskState'),
            render: (_, task) => <Tag color={task.closedAt ? 'default' : 'processing'}>{task.stateName}</Tag>,
          },
          {
            key: 'assignee',
            title: t('caseDetail.assignee'),
            render: (_, task) =>
              task.assigneeUnitName ?? task.assigneeAccountName ?? task.assigneeUnit ?? task.assigneeAccount ?? '',
          },
          {
            key: 'opened',
            title: t('caseDetail.taskOpened'),
            render: (_, task) => formatInstant(task.openedAt, timeZone),
          },
          {
            key: 'closed',
            title: t('caseDetail.taskClosed'),
            render: (_, task) => formatInstant(task.closedAt, timeZone),
          },
        ]}
      />
    </Card>
  );
}
