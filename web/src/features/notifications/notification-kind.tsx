import { Tag } from 'antd';
import type { MessageKey } from '../../locales';
import { useT } from '../../locales';
import type { NotificationKind } from './notifications-api';

const KIND: Record<NotificationKind, { label: MessageKey; color: string }> = {
  'task.assigned': { label: 'notifications.kindTaskAssigned', color: 'processing' },
  'deadline.yellow': { label: 'notifications.kindDeadlineYellow', color: 'warning' },
  'deadline.red': { label: 'notifications.kindDeadlineRed', color: 'error' },
};

/** 新任务 / 即将超期 / 已超期, coloured like the deadline lights. */
export function NotificationKindTag({ kind }: { kind: NotificationKind }) {
  const t = useT();
  const k = KIND[kind];
  return (
    <Tag color={k.color} style={{ marginInlineEnd: 0 }}>
      {t(k.label)}
    </Tag>
  );
}
