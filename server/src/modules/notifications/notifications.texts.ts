import type { Locale } from '../../platform/errors.ts';
import type { NotificationKind } from './notifications.tables.ts';

/** Task kinds the workflows use, as users call them (glossary); any other kind is shown as it is. */
const TASK_KINDS: Record<string, Record<Locale, string>> = {
  lead: { 'zh-CN': '主办', 'en-US': 'lead' },
  assist: { 'zh-CN': '协办', 'en-US': 'assisting' },
  verify: { 'zh-CN': '核实', 'en-US': 'verification' },
  check: { 'zh-CN': '核查', 'en-US': 'check' },
  handle: { 'zh-CN': '处置', 'en-US': 'handling' },
  dispatch: { 'zh-CN': '派遣', 'en-US': 'dispatch' },
  followUp: { 'zh-CN': '回访', 'en-US': 'follow-up' },
  review: { 'zh-CN': '审核', 'en-US': 'review' },
};

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The case as people name it: its number and title, whichever it has. */
function caseLabel(data: Record<string, unknown>, locale: Locale): string {
  const number = str(data.number);
  const title = str(data.title);
  if (number && title) return locale === 'zh-CN' ? `${number}(${title})` : `${number} (${title})`;
  return number ?? title ?? (locale === 'zh-CN' ? '(未编号案卷)' : '(unnumbered case)');
}

/**
 * The title and body of a notification in the reader's language. Rendered when read rather than stored,
 * so both languages stay available and wording fixes reach old entries.
 */
export function renderNotification(
  n: { kind: NotificationKind; data: Record<string, unknown> },
  locale: Locale,
  formatTime: (at: Date) => string,
): { title: string; body: string } {
  const label = caseLabel(n.data, locale);
  const zh = locale === 'zh-CN';
  const dueText = () => {
    const due = str(n.data.dueAt);
    const at = due ? new Date(due) : null;
    return at && !Number.isNaN(at.getTime()) ? formatTime(at) : zh ? '(未定)' : '(not set)';
  };
  switch (n.kind) {
    case 'task.assigned': {
      const raw = str(n.data.taskKind);
      const kind = raw ? (TASK_KINDS[raw]?.[locale] ?? raw) : null;
      return zh
        ? {
            title: `新任务:${label}`,
            body: `案卷 ${label} 的${kind ? `「${kind}」` : ''}任务已交给您(或您的单位),请及时办理。`,
          }
        : {
            title: `New task: ${label}`,
            body: `A ${kind ? `${kind} ` : ''}task on case ${label} has been assigned to you or your unit.`,
          };
    }
    case 'deadline.yellow':
      return zh
        ? { title: `即将超时(黄牌):${label}`, body: `案卷 ${label} 的办理时限将于 ${dueText()} 到期,请抓紧办理。` }
        : {
            title: `Deadline approaching (yellow card): ${label}`,
            body: `Case ${label} is due at ${dueText()}; please deal with it soon.`,
          };
    case 'deadline.red':
      return zh
        ? { title: `已超时(红牌):${label}`, body: `案卷 ${label} 已于 ${dueText()} 超过办理时限。` }
        : { title: `Overdue (red card): ${label}`, body: `Case ${label} passed its deadline at ${dueText()}.` };
  }
}
