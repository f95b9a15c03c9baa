import type { ActionDefinition, Guard, InputDefinition, Text, WorkflowDefinition } from '../../engine/workflow.ts';

const t = (zh: string, en: string): Text => ({ 'zh-CN': zh, 'en-US': en });

/** Where a report came from (问题来源): public and hotline reports are verified first and visited after. */
export const CHANNELS = ['grid', 'supervisor', 'public', 'hotline', 'leader', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];
const VISITED_CHANNELS: readonly string[] = ['public', 'hotline'];

/** 结案类型 (domain-standards §3). */
export const CLOSURE_TYPES = ['normal', 'overdue', 'error', 'special'] as const;
/** 回访 satisfaction, as 12345 records it. */
export const SATISFACTION = ['satisfied', 'basically', 'dissatisfied'] as const;

/** After this many returns (退单) the dispatcher may not dispatch again: the duty chief rules (审定). */
export const RETURNS_BEFORE_RULING = 2;

const reason: InputDefinition = { type: 'text', label: t('原因', 'reason'), required: true, min: 2, max: 500 };
const note: InputDefinition = { type: 'text', label: t('说明', 'note'), max: 1000 };
const leadUnit: InputDefinition = { type: 'unit', label: t('主办单位', 'lead unit'), required: true };
const assistUnits: InputDefinition = { type: 'units', label: t('协办单位', 'assisting units'), max: 5 };
const handleLimit: InputDefinition = { type: 'limit', label: t('处置时限', 'handling limit'), required: true };
const photos = (min: number, zh: string, en: string) => ({ min, max: 9, label: t(zh, en) });
/** Where the worker stood for an on-site step (phone GPS); the log keeps its distance from the case's location. */
const position: InputDefinition = { type: 'position', label: t('现场位置', 'position on site') };

/** Returns since the duty chief last ruled: a ruling settles the returns before it. */
const returnsSoFar = (counts: Readonly<Record<string, number>>) =>
  (counts.returned ?? 0) - RETURNS_BEFORE_RULING * (counts.rulings ?? 0);

const notAfterRepeatedReturns: Guard = ({ counts }) =>
  returnsSoFar(counts) >= RETURNS_BEFORE_RULING
    ? t(
        `已退单 ${returnsSoFar(counts)} 次,须由值班长审定承办单位`,
        `returned ${returnsSoFar(counts)} times: the duty chief rules which unit handles it`,
      )
    : null;

const onlyAfterRepeatedReturns: Guard = ({ counts }) =>
  returnsSoFar(counts) >= RETURNS_BEFORE_RULING
    ? null
    : t('退单未达两次,由派遣员重新派遣', 'fewer than two returns: the dispatcher dispatches again');

const visitedChannel: Guard = ({ caseData }) =>
  VISITED_CHANNELS.includes(String(caseData.channel))
    ? null
    : t('仅公众举报和热线来件需要回访', 'only public and hotline reports are visited');

const notVisitedSinceRedo: Guard = ({ counts }) =>
  (counts.followUps ?? 0) > (counts.redo ?? 0) ? t('本轮已回访', 'already visited this round') : null;

const dissatisfiedVisit: Guard = ({ caseData, counts }) =>
  caseData.satisfaction === 'dissatisfied' && (counts.followUps ?? 0) > (counts.redo ?? 0)
    ? null
    : t('回访满意或尚未回访,无需重办', 'not visited as dissatisfied: nothing to redo');

/** Taking a lead or assisting task in hand: only its unit's people, only while it waits. */
const onTask = (kinds: string[], from: string[], to: string): ActionDefinition['task'] => ({
  kinds,
  from,
  to,
  assigneeOnly: true,
});

/** The states a dispatched case is handled in (requests for more time or a suspension pending, too). */
const HANDLING = ['dispatched', 'extension_requested', 'suspension_requested'];
const DEPARTMENT = ['handler', 'stationstaff'];
/** Every state a case is still open in (a duplicate may be taken in, or let go, in any of them). */
const OPEN_STATES = [
  'reported',
  'verifying',
  'accepted',
  'registered',
  'dispatched',
  'returned',
  'extension_requested',
  'suspension_requested',
  'suspended',
  'handled',
  'checking',
  'check_failed',
  'checked',
  'self_resolved',
];
const CHECKERS = ['supervisor', 'gridworker'];
/**
 * Where a case may pass between levels (上报 up, 交办 down): before it is dispatched, or once it came back
 * from the units (退单) — never while a unit holds it or someone verifies it on site.
 */
const MOVABLE = ['reported', 'accepted', 'registered', 'returned'];
/** The centre's staff of a level: they take a case in, or hand it on up or down. */
const LEVEL_STAFF = ['acceptor', 'dispatcher', 'dutychief'];

/** Domain checks the urban service registers with the engine (`UrbanService.workflowChecks`). */
export const URBAN_CHECKS = {
  /** A dispatch that departs from the routing proposal names why; the log records whether it followed it. */
  dispatchSuggestion: 'dispatch-suggestion',
  /** A return (退单) only within its limit after the dispatch. */
  returnLimit: 'return-limit',
  /** An on-site step that carries the worker's position records how far from the case's location they stood. */
  siteDistance: 'site-distance',
} as const;

/**
 * The digital city-management closed loop (数字化城市管理, domain-standards §3): a problem is found and
 * reported, accepted (public and hotline reports verified on site first), registered (立案) by the duty
 * chief, dispatched (派遣) to a lead unit with assisting units, signed for or returned (退单), handled with
 * extensions and suspensions (延期, 挂账) on the duty chief's approval, fed back with photos, checked on
 * site (核查), closed (结案) or sent back (返工), and for public and hotline reports visited (回访) and
 * redone (重办) when the reporter is dissatisfied. A grid worker who fixes a problem on the spot reports it
 * as handled (自行处置) for the duty chief to confirm. Limits: `handle` comes from the category's rules
 * (taxonomy) through the dispatch's `limit` input; verify, dispatch and check have local defaults.
 */
export const URBAN_WORKFLOW: WorkflowDefinition = {
  key: 'urban',
  version: 1,
  name: t('城市管理问题', 'Urban-management case'),
  // Photos and documents must be uploaded files the actor may see (the files module answers).
  verifiesAttachments: true,
  states: {
    reported: { name: t('待受理', 'reported') },
    verifying: { name: t('待核实', 'being verified') },
    accepted: { name: t('待立案', 'accepted') },
    registered: { name: t('待派遣', 'registered') },
    dispatched: { name: t('处置中', 'being handled') },
    returned: { name: t('已退单', 'returned') },
    extension_requested: { name: t('延期待审批', 'extension requested') },
    suspension_requested: { name: t('挂账待审批', 'suspension requested') },
    suspended: { name: t('已挂账', 'suspended') },
    handled: { name: t('待核查', 'handled') },
    checking: { name: t('核查中', 'being checked') },
    check_failed: { name: t('核查未通过', 'check failed') },
    checked: { name: t('待结案', 'checked') },
    self_resolved: { name: t('自行处置待确认', 'fixed on the spot') },
    closed: { name: t('已结案', 'closed'), terminal: true },
    declined: { name: t('不予立案', 'not registered'), terminal: true },
    invalid: { name: t('核实不属实', 'not confirmed'), terminal: true },
    void: { name: t('已作废', 'void'), terminal: true },
    merged: { name: t('已合并', 'merged into another'), terminal: true },
  },
  tasks: {
    verify: {
      name: t('核实', 'verification'),
      initial: 'pending',
      states: {
        pending: { name: t('待核实', 'pending') },
        confirmed: { name: t('属实', 'confirmed'), terminal: true },
        unfounded: { name: t('不属实', 'unfounded'), terminal: true },
        cancelled: { name: t('已撤回', 'cancelled'), terminal: true },
      },
    },
    lead: {
      name: t('主办', 'lead'),
      initial: 'pending',
      states: {
        pending: { name: t('待签收', 'to sign for') },
        working: { name: t('处置中', 'in hand') },
        done: { name: t('已反馈', 'fed back'), terminal: true },
        returned: { name: t('已退单', 'returned'), terminal: true },
        cancelled: { name: t('已撤回', 'cancelled'), terminal: true },
      },
    },
    assist: {
      name: t('协办', 'assisting'),
      initial: 'pending',
      states: {
        pending: { name: t('待签收', 'to sign for') },
        working: { name: t('协办中', 'in hand') },
        done: { name: t('已反馈', 'fed back'), terminal: true },
        declined: { name: t('已退回', 'declined'), terminal: true },
        cancelled: { name: t('已撤回', 'cancelled'), terminal: true },
      },
    },
    check: {
      name: t('核查', 'check'),
      initial: 'pending',
      states: {
        pending: { name: t('待核查', 'pending') },
        passed: { name: t('通过', 'passed'), terminal: true },
        failed: { name: t('未通过', 'failed'), terminal: true },
        cancelled: { name: t('已撤回', 'cancelled'), terminal: true },
      },
    },
  },
  clocks: {
    verify: { name: t('核实时限', 'verification'), holder: 'case', limit: { amount: 0.5, unit: 'working_hours' } },
    dispatch: { name: t('派遣时限', 'dispatch'), holder: 'case', limit: { amount: 1, unit: 'working_hours' } },
    handle: { name: t('处置时限', 'handling'), holder: 'case' },
    check: { name: t('核查时限', 'check'), holder: 'case', limit: { amount: 0.5, unit: 'working_hours' } },
  },
  actions: {
    // ---- found (问题发现)
    report: {
      name: t('上报', 'report'),
      from: [],
      to: 'reported',
      roles: ['gridworker', 'supervisor', 'acceptor', 'operator', 'resident'],
      inputs: {
        description: { type: 'text', label: t('问题描述', 'description'), required: true, min: 2, max: 2000 },
      },
      attachments: photos(0, '现场照片', 'photos'),
      sets: { description: 'description' },
    },
    'self-resolve': {
      name: t('自行处置', 'fix on the spot'),
      from: [],
      to: 'self_resolved',
      roles: ['gridworker', 'supervisor'],
      inputs: {
        description: { type: 'text', label: t('问题描述', 'description'), required: true, min: 2, max: 2000 },
        note,
        position,
      },
      attachments: photos(2, '处置前后照片', 'before and after photos'),
      checks: [URBAN_CHECKS.siteDistance],
      sets: { description: 'description', note: 'selfResolvedNote' },
    },
    'confirm-self-resolved': {
      name: t('确认自行处置', 'confirm the fix'),
      from: ['self_resolved'],
      to: 'closed',
      roles: ['dutychief'],
      inputs: { note },
    },
    'reject-self-resolved': {
      name: t('退回自行处置', 'refuse the fix'),
      from: ['self_resolved'],
      to: 'accepted',
      roles: ['dutychief'],
      inputs: { reason },
      clocks: [{ clock: 'dispatch', effect: 'start' }],
    },

    // ---- accepted and verified (受理、核实)
    accept: { name: t('受理', 'accept'), from: ['reported'], to: 'accepted', roles: ['acceptor', 'operator'] },
    'send-to-verify': {
      name: t('转核实', 'send for verification'),
      from: ['reported'],
      to: 'verifying',
      roles: ['acceptor', 'operator'],
      inputs: { verifier: { type: 'account', label: t('核实人员', 'verifier'), required: true } },
      opens: [{ kind: 'verify', assignee: { input: 'verifier' } }],
      clocks: [{ clock: 'verify', effect: 'start' }],
    },
    'verify-confirm': {
      name: t('核实属实', 'confirm'),
      from: ['verifying'],
      roles: CHECKERS,
      task: onTask(['verify'], ['pending'], 'confirmed'),
      inputs: { note, position },
      attachments: photos(1, '核实照片', 'photo on site'),
      checks: [URBAN_CHECKS.siteDistance],
    },
    'verify-refute': {
      name: t('核实不属实', 'not confirmed'),
      from: ['verifying'],
      roles: CHECKERS,
      task: onTask(['verify'], ['pending'], 'unfounded'),
      inputs: { reason, position },
      attachments: photos(1, '核实照片', 'photo on site'),
      checks: [URBAN_CHECKS.siteDistance],
    },
    void: {
      name: t('作废', 'void'),
      from: ['reported', 'verifying', 'accepted'],
      to: 'void',
      roles: ['dutychief'],
      inputs: { reason },
      cancels: { kinds: ['verify'], to: 'cancelled' },
    },

    // ---- duplicates (重复上报): merged into the case that carries on, both histories kept
    merge: {
      name: t('合并', 'merge'),
      from: ['reported', 'verifying', 'accepted'],
      to: 'merged',
      roles: ['acceptor', 'operator'],
      inputs: { into: { type: 'text', label: t('合并到', 'merged into'), required: true, min: 36, max: 36 }, note },
      cancels: { kinds: ['verify'], to: 'cancelled' },
      sets: { into: 'duplicateOf' },
    },
    'link-duplicate': {
      name: t('并入重复上报', 'take in a duplicate'),
      from: OPEN_STATES,
      roles: ['acceptor', 'operator'],
      inputs: { duplicate: { type: 'text', label: t('重复上报', 'duplicate'), required: true, min: 36, max: 36 } },
      counts: ['duplicates'],
    },
    split: {
      name: t('拆分', 'split off'),
      from: ['merged'],
      to: 'reported',
      roles: ['acceptor', 'operator'],
      inputs: { reason },
    },
    'unlink-duplicate': {
      name: t('移出重复上报', 'let a duplicate go'),
      from: OPEN_STATES,
      roles: ['acceptor', 'operator'],
      inputs: {
        duplicate: { type: 'text', label: t('重复上报', 'duplicate'), required: true, min: 36, max: 36 },
        reason,
      },
      counts: ['splits'],
    },

    // ---- registered and dispatched (立案、派遣)
    register: {
      name: t('立案', 'register'),
      from: ['accepted'],
      to: 'registered',
      roles: ['dutychief'],
      inputs: { note },
      clocks: [{ clock: 'dispatch', effect: 'start' }],
    },
    decline: {
      name: t('不予立案', 'decline'),
      from: ['accepted'],
      to: 'declined',
      roles: ['dutychief'],
      inputs: { reason },
    },
    dispatch: {
      name: t('派遣', 'dispatch'),
      from: ['registered', 'returned'],
      to: 'dispatched',
      roles: ['dispatcher'],
      inputs: {
        lead: leadUnit,
        assist: assistUnits,
        limit: handleLimit,
        // The suggestion overridden: why (the domain service asks for it when the lead is not the suggestion).
        overrideReason: { type: 'text', label: t('改派理由', 'reason for another unit'), max: 500 },
      },
      cancels: { kinds: ['lead', 'assist'], to: 'cancelled' },
      opens: [
        { kind: 'lead', assignee: { input: 'lead' } },
        { kind: 'assist', assignee: { input: 'assist' } },
      ],
      clocks: [
        { clock: 'dispatch', effect: 'stop' },
        { clock: 'handle', effect: 'start', limit: { input: 'limit' } },
      ],
      guards: [notAfterRepeatedReturns],
      checks: [URBAN_CHECKS.dispatchSuggestion],
      sets: { lead: 'leadUnit', overrideReason: 'overrideReason' },
    },
    rule: {
      name: t('审定', 'rule on the unit'),
      from: ['returned'],
      to: 'dispatched',
      roles: ['dutychief'],
      inputs: { lead: leadUnit, assist: assistUnits, limit: handleLimit, reason },
      cancels: { kinds: ['lead', 'assist'], to: 'cancelled' },
      opens: [
        { kind: 'lead', assignee: { input: 'lead' } },
        { kind: 'assist', assignee: { input: 'assist' } },
      ],
      clocks: [{ clock: 'handle', effect: 'start', limit: { input: 'limit' } }],
      guards: [onlyAfterRepeatedReturns],
      counts: ['rulings'],
      sets: { lead: 'leadUnit' },
    },
    reassign: {
      name: t('转派', 'reassign'),
      from: ['dispatched'],
      roles: ['dispatcher'],
      inputs: { lead: leadUnit, reason },
      cancels: { kinds: ['lead'], to: 'cancelled' },
      opens: [{ kind: 'lead', assignee: { input: 'lead' } }],
      // The handling clock keeps running: a reassignment is the centre's correction, not new time.
      counts: ['reassigned'],
      sets: { lead: 'leadUnit' },
    },

    // ---- passed between levels (上报 up: community → town → county → city; 交办 down), history kept
    escalate: {
      name: t('上报上级', 'escalate'),
      from: MOVABLE,
      roles: LEVEL_STAFF,
      inputs: {
        // Empty: the level directly above the one that owns the case now.
        to: { type: 'division', label: t('上报至', 'up to') },
        reason,
      },
      moves: { direction: 'up', input: 'to' },
      counts: ['escalated'],
    },
    'assign-down': {
      name: t('交办', 'assign down'),
      from: MOVABLE,
      roles: LEVEL_STAFF,
      inputs: { to: { type: 'division', label: t('交办至', 'down to'), required: true }, reason },
      moves: { direction: 'down', input: 'to' },
      counts: ['assignedDown'],
    },

    // ---- handled by the departments (处置)
    sign: {
      name: t('签收', 'sign for'),
      from: HANDLING,
      roles: DEPARTMENT,
      task: onTask(['lead', 'assist'], ['pending'], 'working'),
    },
    return: {
      name: t('退单', 'return'),
      from: ['dispatched'],
      roles: DEPARTMENT,
      task: onTask(['lead'], ['pending'], 'returned'),
      inputs: { reason },
      counts: ['returned'],
      checks: [URBAN_CHECKS.returnLimit],
    },
    'decline-assist': {
      name: t('退回协办', 'decline assisting'),
      from: HANDLING,
      roles: DEPARTMENT,
      task: onTask(['assist'], ['pending'], 'declined'),
      inputs: { reason },
    },
    'request-extension': {
      name: t('申请延期', 'request an extension'),
      from: ['dispatched'],
      to: 'extension_requested',
      roles: DEPARTMENT,
      task: onTask(['lead'], ['working'], 'working'),
      inputs: { extra: { type: 'limit', label: t('延长时限', 'extra time'), required: true }, reason },
      sets: { extra: 'extension_requested' },
    },
    'approve-extension': {
      name: t('批准延期', 'approve the extension'),
      from: ['extension_requested'],
      to: 'dispatched',
      roles: ['dutychief'],
      inputs: { extra: { type: 'limit', label: t('批准延长', 'time granted'), required: true }, note },
      clocks: [{ clock: 'handle', effect: 'extend', input: 'extra' }],
      counts: ['extensions'],
    },
    'refuse-extension': {
      name: t('不批准延期', 'refuse the extension'),
      from: ['extension_requested'],
      to: 'dispatched',
      roles: ['dutychief'],
      inputs: { reason },
    },
    'request-suspension': {
      name: t('申请挂账', 'request a suspension'),
      from: ['dispatched'],
      to: 'suspension_requested',
      roles: DEPARTMENT,
      task: onTask(['lead'], ['working'], 'working'),
      inputs: { reason },
    },
    'approve-suspension': {
      name: t('批准挂账', 'approve the suspension'),
      from: ['suspension_requested'],
      to: 'suspended',
      roles: ['dutychief'],
      inputs: { note },
      clocks: [{ clock: 'handle', effect: 'pause' }],
      counts: ['suspensions'],
    },
    'refuse-suspension': {
      name: t('不批准挂账', 'refuse the suspension'),
      from: ['suspension_requested'],
      to: 'dispatched',
      roles: ['dutychief'],
      inputs: { reason },
    },
    resume: {
      name: t('恢复办理', 'resume'),
      from: ['suspended'],
      to: 'dispatched',
      roles: ['dutychief'],
      inputs: { note },
      clocks: [{ clock: 'handle', effect: 'resume' }],
    },
    feedback: {
      name: t('处置反馈', 'report as handled'),
      from: HANDLING,
      roles: DEPARTMENT,
      task: onTask(['lead'], ['working'], 'done'),
      inputs: { note: { ...note, required: true, min: 2 } },
      attachments: photos(1, '处置后照片', 'after photos'),
    },
    'assist-feedback': {
      name: t('协办反馈', 'report assisting done'),
      from: [...HANDLING, 'handled', 'checking', 'check_failed', 'checked'],
      roles: DEPARTMENT,
      task: onTask(['assist'], ['working'], 'done'),
      inputs: { note },
    },

    // ---- checked and closed (核查、结案)
    'request-check': {
      name: t('派发核查', 'send for checking'),
      from: ['handled'],
      to: 'checking',
      roles: ['acceptor', 'dispatcher'],
      inputs: { checker: { type: 'account', label: t('核查人员', 'checker'), required: true } },
      opens: [{ kind: 'check', assignee: { input: 'checker' } }],
      clocks: [{ clock: 'check', effect: 'start' }],
    },
    'check-pass': {
      name: t('核查通过', 'pass'),
      from: ['checking'],
      roles: CHECKERS,
      task: onTask(['check'], ['pending'], 'passed'),
      inputs: { note, position },
      attachments: photos(1, '核查照片', 'photo on site'),
      checks: [URBAN_CHECKS.siteDistance],
    },
    'check-fail': {
      name: t('核查不通过', 'fail'),
      from: ['checking'],
      roles: CHECKERS,
      task: onTask(['check'], ['pending'], 'failed'),
      inputs: { reason, position },
      attachments: photos(1, '核查照片', 'photo on site'),
      checks: [URBAN_CHECKS.siteDistance],
    },
    rework: {
      name: t('返工', 'rework'),
      from: ['check_failed'],
      to: 'dispatched',
      roles: ['dispatcher'],
      inputs: { lead: leadUnit, limit: handleLimit, reason },
      cancels: { kinds: ['lead'], to: 'cancelled' },
      opens: [{ kind: 'lead', assignee: { input: 'lead' } }],
      clocks: [{ clock: 'handle', effect: 'start', limit: { input: 'limit' } }],
      counts: ['rework'],
      sets: { lead: 'leadUnit' },
    },
    close: {
      name: t('结案', 'close'),
      from: ['checked'],
      to: 'closed',
      roles: ['dutychief'],
      inputs: {
        closureType: {
          type: 'choice',
          label: t('结案类型', 'closure type'),
          required: true,
          options: [
            { value: 'normal', label: t('正常结案', 'normal') },
            { value: 'overdue', label: t('超时结案', 'overdue') },
            { value: 'error', label: t('差错结案', 'error') },
            { value: 'special', label: t('特殊结案', 'special') },
          ],
        },
        note,
      },
      sets: { closureType: 'closureType' },
    },

    // ---- evaluated (回访、重办)
    'follow-up': {
      name: t('回访', 'follow-up'),
      from: ['closed'],
      roles: ['operator', 'acceptor'],
      inputs: {
        satisfaction: {
          type: 'choice',
          label: t('满意度', 'satisfaction'),
          required: true,
          options: [
            { value: 'satisfied', label: t('满意', 'satisfied') },
            { value: 'basically', label: t('基本满意', 'basically satisfied') },
            { value: 'dissatisfied', label: t('不满意', 'dissatisfied') },
          ],
        },
        comment: { type: 'text', label: t('回访意见', 'what the reporter said'), max: 1000 },
      },
      guards: [visitedChannel, notVisitedSinceRedo],
      counts: ['followUps'],
      sets: { satisfaction: 'satisfaction', comment: 'followUpComment' },
    },
    redo: {
      name: t('重办', 'redo'),
      from: ['closed'],
      to: 'registered',
      roles: ['dutychief'],
      inputs: { reason },
      guards: [dissatisfiedVisit],
      counts: ['redo'],
      clocks: [{ clock: 'dispatch', effect: 'start' }],
    },
  },
  followTasks: [
    {
      when: ['verifying'],
      allTasks: ['verify'],
      anyIn: ['confirmed'],
      to: 'accepted',
      clocks: [{ clock: 'verify', effect: 'stop' }],
    },
    { when: ['verifying'], allTasks: ['verify'], anyIn: ['unfounded'], to: 'invalid' },
    {
      when: HANDLING,
      allTasks: ['lead'],
      anyIn: ['done'],
      to: 'handled',
      clocks: [{ clock: 'handle', effect: 'stop' }],
    },
    {
      when: ['dispatched'],
      allTasks: ['lead'],
      anyIn: ['returned'],
      to: 'returned',
      clocks: [{ clock: 'handle', effect: 'stop' }],
    },
    {
      when: ['checking'],
      allTasks: ['check'],
      anyIn: ['passed'],
      to: 'checked',
      clocks: [{ clock: 'check', effect: 'stop' }],
    },
    {
      when: ['checking'],
      allTasks: ['check'],
      anyIn: ['failed'],
      to: 'check_failed',
      clocks: [{ clock: 'check', effect: 'stop' }],
    },
  ],
};
