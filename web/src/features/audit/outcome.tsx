import { Tag } from 'antd';
import type { Translate } from '../../locales';
import type { AuditOutcome } from './audit-api';

const COLOR: Record<AuditOutcome, string> = { success: 'success', failure: 'error', denied: 'warning' };

export function outcomeLabel(outcome: AuditOutcome, t: Translate): string {
  switch (outcome) {
    case 'success':
      return t('audit.outcomeSuccess');
    case 'failure':
      return t('audit.outcomeFailure');
    case 'denied':
      return t('audit.outcomeDenied');
  }
}

export function OutcomeTag({ outcome, t }: { outcome: AuditOutcome; t: Translate }) {
  return <Tag color={COLOR[outcome]}>{outcomeLabel(outcome, t)}</Tag>;
}
