import type { WorkQueue } from '../cases/cases.registry.ts';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
const workflow = 'urban';

/**
 * The command centre's and the departments' workspaces on the urban loop (urban.workflow.ts): each
 * queue is the cases waiting for one kind of user. The duty chief's approvals gather every decision that
 * is theirs; a returned case shows to both the dispatcher and the duty chief, because only after repeated
 * returns is the ruling the duty chief's (the actions offered on the case say whose it is).
 */
export const URBAN_QUEUES: WorkQueue[] = [
  {
    key: 'acceptance',
    workflow,
    name: t('待受理', 'To accept'),
    description: t(
      '新上报的问题:受理、送核实、合并重复或作废',
      'New reports: accept, send to verify, merge duplicates',
    ),
    roles: ['acceptor', 'operator'],
    states: ['reported'],
  },
  {
    key: 'dispatch',
    workflow,
    name: t('待派遣', 'To dispatch'),
    description: t(
      '已立案、被退回、核查不通过、已处置待派发核查的案件',
      'Registered, returned, failed at checking, or handled and waiting for a checker',
    ),
    roles: ['dispatcher'],
    states: ['registered', 'returned', 'check_failed', 'handled'],
  },
  {
    key: 'department',
    workflow,
    name: t('部门待办', 'Department to-do'),
    description: t(
      '派给本单位的案件:签收或退回、处置、反馈',
      'Cases given to your unit: sign or return, handle, report back',
    ),
    roles: ['handler', 'stationstaff'],
    tasks: ['lead', 'assist'],
  },
  {
    key: 'checks',
    workflow,
    name: t('核实核查', 'Verify and check'),
    description: t('交给您现场核实或核查的案件', 'Cases you are asked to verify or check on site'),
    roles: ['gridworker', 'supervisor'],
    tasks: ['verify', 'check'],
  },
  {
    key: 'approvals',
    workflow,
    name: t('待审批', 'Approvals'),
    description: t(
      '立案、延期、挂账、退单审定、结案、自行处置确认',
      'Registration, extensions, suspensions, disputed returns, closure, on-the-spot fixes',
    ),
    roles: ['dutychief'],
    states: [
      'accepted',
      'self_resolved',
      'extension_requested',
      'suspension_requested',
      'suspended',
      'returned',
      'checked',
    ],
  },
];
