import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/access.ts';
import type { BusinessTime } from '../../platform/clock.ts';
import type { Locale } from '../../platform/errors.ts';
import { mask, type PersonalDataProtector } from '../../platform/personal-data/index.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CaseDetailView, CasesService } from '../cases/cases.service.ts';
import type { ConfigService } from '../config/config.service.ts';
import type { FilesService, ReceivedContent } from '../files/files.service.ts';
import type { GridsService } from '../grids/grids.service.ts';
import type { RegionsService } from '../regions/regions.service.ts';
import type { TaxonomyService } from '../taxonomy/taxonomy.service.ts';
import type { PlacedReport, UrbanService } from '../urban/urban.service.ts';
import { formatTrackingCode, newTrackingCode, parseTrackingCode } from './portal.codes.ts';
import { PortalErrors, portalActor, portalPolicy } from './portal.policy.ts';
import { publicCategories, ServiceAreaCache } from './portal.reference.ts';
import { PortalPublicMap, PortalReportLimit } from './portal.registry.ts';
import * as repo from './portal.repo.ts';

/** How long a challenge may be answered after it was given. */
const CHALLENGE_TTL_MS = 10 * 60_000;
/** How long an upload token accepts photos and a report may name them. */
const UPLOAD_TTL_MS = 60 * 60_000;
const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
/** How long the hash of a client's address is kept beside its reports and photos: only the hourly counts use it. */
const CLIENT_HASH_KEEP_MS = 7 * DAY_MS;

type Bilingual = { 'zh-CN': string; 'en-US': string };
const t = (zh: string, en: string): Bilingual => ({ 'zh-CN': zh, 'en-US': en });

/** What the citizen reads as the status: urban states in plain words (data; see docs, Citizen portal). */
export const PUBLIC_STATUS: Record<string, { key: string; name: Bilingual }> = {};
const STATUS_GROUPS: [string, Bilingual, string[]][] = [
  ['received', t('受理中', 'being received'), ['reported', 'verifying', 'accepted']],
  [
    'handling',
    t('处置中', 'being handled'),
    [
      'registered',
      'dispatched',
      'returned',
      'extension_requested',
      'suspension_requested',
      'handled',
      'checking',
      'check_failed',
      'checked',
      'self_resolved',
    ],
  ],
  ['suspended', t('暂缓处置', 'on hold'), ['suspended']],
  ['closed', t('已办结', 'closed'), ['closed']],
  ['not-taken', t('不予受理', 'not taken up'), ['declined', 'invalid', 'void']],
  ['merged', t('已合并办理', 'merged with another report'), ['merged']],
];
for (const [key, name, states] of STATUS_GROUPS) for (const s of states) PUBLIC_STATUS[s] = { key, name };

/**
 * The steps of a case's history the public sees, by action, in words chosen for citizens. Nothing else is
 * shown: no notes, no people's names (the lead unit's name only), no photos. Internal steps (verification
 * tasks, signing, requests for time, moves between levels) stay inside.
 */
export const PUBLIC_STEPS: Record<string, Bilingual> = {
  report: t('市民上报', 'reported'),
  accept: t('已受理', 'accepted'),
  register: t('已立案', 'registered'),
  dispatch: t('已派遣至', 'sent to'),
  reassign: t('已改派至', 'passed on to'),
  rule: t('已派遣至', 'sent to'),
  feedback: t('处置完毕', 'handled'),
  'check-pass': t('核查通过', 'checked on site'),
  'check-fail': t('核查未通过,返工处理', 'not yet right on site: being redone'),
  'confirm-self-resolved': t('已现场处置', 'fixed on the spot'),
  close: t('已办结', 'closed'),
  'follow-up': t('回访', 'follow-up'),
  redo: t('重新办理', 'taken up again'),
  decline: t('不予立案', 'not registered'),
  void: t('已作废', 'voided'),
  merge: t('与其他举报合并办理', 'merged with another report'),
};
const SATISFACTION_NAMES: Record<string, Bilingual> = {
  satisfied: t('满意', 'satisfied'),
  basically: t('基本满意', 'basically satisfied'),
  dissatisfied: t('不满意', 'dissatisfied'),
};

export interface NewPortalReport {
  location: { lng: number; lat: number; crs?: 'wgs84' | 'gcj02' | undefined; address?: string | undefined };
  category: string;
  description: string;
  anonymous?: boolean | undefined;
  contact?: { name?: string | undefined; phone?: string | undefined } | undefined;
  challenge: { token: string; answer: string };
  photos?: { uploadToken: string; ids: string[] } | undefined;
}

export interface PublicCaseView {
  code: string;
  number: string | null;
  category: { code: string; name: string } | null;
  status: { key: string; name: string };
  reportedAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  version: number;
  canRate: boolean;
  rating: { satisfaction: string; name: string; comment: string | null } | null;
  history: { step: string; name: string; at: Date; unit: string | null; detail: string | null }[];
}

/**
 * The citizen portal: a challenge against bots, reports that open urban cases on channel 'public', tracking
 * by code, the satisfaction rating (回访) and the moderated public map. Requests are anonymous; the portal
 * acts as `portalActor` in-process.
 */
export class PortalService {
  readonly #secret: Buffer;
  readonly #area: ServiceAreaCache;
  constructor(
    private readonly deps: {
      db: Db;
      time: BusinessTime;
      config: ConfigService;
      cases: CasesService;
      urban: UrbanService;
      files: FilesService;
      personalData: PersonalDataProtector;
      audit: AuditService;
      taxonomy: TaxonomyService;
      grids: GridsService;
      regions: RegionsService;
      unitNames: (ids: readonly string[]) => Promise<Map<string, string>>;
      /** The installation's operator token: the portal's HMAC key is derived from it. */
      operatorToken: string;
    },
  ) {
    this.#secret = createHmac('sha256', deps.operatorToken).update('civicgrid portal v1').digest();
    this.#area = new ServiceAreaCache({ grids: deps.grids, regions: deps.regions, today: () => deps.time.today() });
  }

  /** What a citizen may report today (the taxonomy's own routes are for staff). */
  categories(locale: Locale) {
    return publicCategories(this.deps.taxonomy, this.deps.time.today(), locale);
  }

  /** Where reports are taken: the communities that have grids, outlined (kept until grids or the day change). */
  serviceArea() {
    return this.#area.get();
  }

  #mac(text: string): string {
    return createHmac('sha256', this.#secret).update(text).digest('base64url');
  }

  /** The client as stored: an HMAC of its address, never the address itself. */
  clientHash(ip: string): string {
    return this.#mac(`client|${ip}`);
  }

  /** A small sum to answer, and a token that binds the answer and the expiry (no state kept until answered). */
  challenge(): { question: string; questionEn: string; token: string; expiresAt: Date } {
    const a = randomInt(1, 10);
    const b = randomInt(1, 10);
    const expires = this.deps.time.now().getTime() + CHALLENGE_TTL_MS;
    const nonce = randomBytes(12).toString('base64url');
    const token = `${expires}.${nonce}.${this.#mac(`challenge|${expires}|${nonce}|${a + b}`)}`;
    return {
      question: `${a} 加 ${b} 等于几?`,
      questionEn: `What is ${a} + ${b}?`,
      token,
      expiresAt: new Date(expires),
    };
  }

  #parseChallenge(c: { token: string; answer: string }) {
    const [exp, nonce, mac] = c.token.split('.');
    const expires = Number(exp);
    if (!nonce || !mac || !Number.isSafeInteger(expires)) return null;
    const answer = c.answer.trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
    const expected = Buffer.from(this.#mac(`challenge|${expires}|${nonce}|${answer}`));
    const given = Buffer.from(mac);
    return { nonce, expires, right: given.length === expected.length && timingSafeEqual(given, expected) };
  }

  /**
   * Refuses a wrong answer at once and remembers the challenge as used, so a bot cannot try every answer on
   * one challenge. Runs outside the report's transaction (whose refusal would forget it).
   */
  async refuseWrongAnswer(c: { token: string; answer: string }): Promise<void> {
    const parsed = this.#parseChallenge(c);
    if (!parsed) throw PortalErrors.PORTAL_CHALLENGE_WRONG();
    if (parsed.expires <= this.deps.time.now().getTime()) throw PortalErrors.PORTAL_CHALLENGE_EXPIRED();
    if (parsed.right) return;
    await repo.useChallenge(this.deps.db, parsed.nonce, new Date(parsed.expires));
    throw PortalErrors.PORTAL_CHALLENGE_WRONG();
  }

  /** Uses a rightly answered challenge up, in the report's transaction: a second use is refused. */
  async consumeChallenge(c: { token: string; answer: string }, tx: Db): Promise<void> {
    const parsed = this.#parseChallenge(c);
    if (!parsed?.right) throw PortalErrors.PORTAL_CHALLENGE_WRONG();
    const now = this.deps.time.now();
    if (parsed.expires <= now.getTime()) throw PortalErrors.PORTAL_CHALLENGE_EXPIRED();
    await repo.forgetExpiredChallenges(tx, now);
    if (!(await repo.useChallenge(tx, parsed.nonce, new Date(parsed.expires))))
      throw PortalErrors.PORTAL_CHALLENGE_USED();
  }

  /**
   * At most `portal.report-limit` reports per client and hour, counted in the database (every process
   * agrees): the client's row is locked first, so two processes count one after the other.
   */
  async checkReportLimit(clientHash: string, tx: Db): Promise<void> {
    const now = this.deps.time.now();
    const { perHour } = await this.deps.config.get(PortalReportLimit, '', this.deps.time.today(), tx);
    await repo.lockClient(tx, clientHash, now);
    const recent = await repo.reportTimesOf(tx, clientHash, new Date(now.getTime() - HOUR_MS));
    const refusal = this.#overLimit(recent, perHour);
    if (refusal) throw PortalErrors.PORTAL_TOO_MANY_REPORTS(refusal.message, refusal.details);
  }

  /**
   * At most `perHour × maxPhotos` photos per client and hour: photos are stored before any report names
   * them, so without this a client could fill the disk without ever reporting.
   */
  async #checkPhotoLimit(clientHash: string, tx: Db): Promise<void> {
    const now = this.deps.time.now();
    const { perHour, maxPhotos } = await this.deps.config.get(PortalReportLimit, '', this.deps.time.today(), tx);
    await repo.lockClient(tx, clientHash, now);
    const recent = await repo.uploadTimesOf(tx, clientHash, new Date(now.getTime() - HOUR_MS));
    const refusal = this.#overLimit(recent, Math.max(1, perHour * maxPhotos));
    if (refusal) throw PortalErrors.PORTAL_TOO_MANY_PHOTOS_CLIENT(refusal.message, refusal.details);
  }

  /** Whether `times` (the last hour's, oldest first) already reach `limit`, and then when the next is allowed. */
  #overLimit(times: Date[], limit: number) {
    if (times.length < limit) return null;
    const now = this.deps.time.now();
    const freedAt = new Date((times[times.length - limit] ?? now).getTime() + HOUR_MS);
    const retryAfter = Math.max(1, Math.ceil((freedAt.getTime() - now.getTime()) / 1000));
    return {
      message: { limit, retryAt: this.deps.time.format(freedAt).slice(11, 16), minutes: Math.ceil(retryAfter / 60) },
      details: { retryAfter, retryAt: this.deps.time.format(freedAt), limit },
    };
  }

  /**
   * Where the report goes and what it is, read before the transaction (as urban intake does). The channel is
   * the resident role's own: 'public'.
   */
  async place(input: NewPortalReport): Promise<PlacedReport> {
    return this.deps.urban.place(portalActor('resident', input.anonymous === true), {
      location: input.location,
      category: { codeSet: 'cjt214.event', code: input.category },
      description: input.description,
      attachments: input.photos?.ids ?? [],
    });
  }

  /** Files the report: challenge used, the client's limit, photos bound to their upload, the case opened. */
  async report(
    input: NewPortalReport,
    placed: PlacedReport,
    clientIp: string,
    locale: Locale,
    tx: Db,
  ): Promise<{ code: string; number: string | null; status: { key: string; name: string } }> {
    const clientHash = this.clientHash(clientIp);
    await this.consumeChallenge(input.challenge, tx);
    await this.checkReportLimit(clientHash, tx);
    const code = newTrackingCode();
    const ids = input.photos?.ids ?? [];
    if (ids.length > 0) {
      const { maxPhotos } = await this.deps.config.get(PortalReportLimit, '', this.deps.time.today(), tx);
      if (ids.length > maxPhotos) throw PortalErrors.PORTAL_TOO_MANY_PHOTOS({ max: maxPhotos });
      const tokenHash = sha256(input.photos?.uploadToken ?? '');
      const since = new Date(this.deps.time.now().getTime() - UPLOAD_TTL_MS);
      const ok = new Set(await repo.bindUploads(tx, ids, tokenHash, code, since));
      const missing = ids.find((id) => !ok.has(id));
      if (missing) throw PortalErrors.PORTAL_PHOTO_UNKNOWN({ id: missing });
    }
    const anonymous = input.anonymous === true;
    const opened = await this.deps.urban.open(portalActor('resident', anonymous), placed, locale, tx);
    const contact = anonymous ? undefined : input.contact;
    const sealed: { name?: string; phone?: string } = {};
    if (contact?.name) sealed.name = this.deps.personalData.seal('name', contact.name);
    if (contact?.phone) sealed.phone = this.deps.personalData.seal('phone', contact.phone);
    await repo.insertReport(tx, {
      code,
      caseId: opened.id,
      createdAt: this.deps.time.now(),
      clientHash,
      anonymous,
      contact: Object.keys(sealed).length ? sealed : null,
    });
    return { code: formatTrackingCode(code), number: opened.number, status: statusOf(opened.state, locale) };
  }

  /** Stores one photo for a report still to come; the upload token (new when none is given) binds them. */
  async uploadPhoto(
    received: ReceivedContent,
    filename: string | undefined,
    uploadToken: string | undefined,
    clientIp: string,
    tx: Db,
  ): Promise<{ id: string; uploadToken: string }> {
    if (!received.mediaType.startsWith('image/')) throw PortalErrors.PORTAL_PHOTO_NOT_IMAGE();
    const token = uploadToken ?? randomBytes(24).toString('base64url');
    const tokenHash = sha256(token);
    const clientHash = this.clientHash(clientIp);
    const { maxPhotos } = await this.deps.config.get(PortalReportLimit, '', this.deps.time.today(), tx);
    if ((await repo.uploadsOfToken(tx, tokenHash)) >= maxPhotos)
      throw PortalErrors.PORTAL_TOO_MANY_PHOTOS({ max: maxPhotos });
    await this.#checkPhotoLimit(clientHash, tx);
    const row = await this.deps.files.upload(
      portalActor('resident', true),
      { content: received, filename, ownerDivision: '' },
      tx,
    );
    await repo.insertUpload(tx, { attachmentId: row.id, tokenHash, clientHash, createdAt: this.deps.time.now() });
    return { id: row.id, uploadToken: token };
  }

  async #find(typed: string, db: Db = this.deps.db): Promise<{ code: string; caseId: string; anonymous: boolean }> {
    const code = parseTrackingCode(typed);
    const row = code ? await repo.reportByCode(db, code) : undefined;
    if (!row) throw PortalErrors.PORTAL_CODE_UNKNOWN({ code: typed.slice(0, 20) });
    return row;
  }

  /** The public view of a report: status in plain words, the public steps, whether it may be rated now. */
  async track(typed: string, locale: Locale): Promise<PublicCaseView> {
    const row = await this.#find(typed);
    const actor = portalActor('operator', row.anonymous);
    const c = await this.deps.cases.detail(actor, row.caseId, locale);
    const history = await this.deps.cases.history(actor, row.caseId, locale);
    const units = new Set<string>();
    for (const h of history) if (typeof h.inputs.lead === 'string') units.add(h.inputs.lead);
    const names = await this.deps.unitNames([...units]);
    const steps: PublicCaseView['history'] = [];
    for (const h of history) {
      const step = PUBLIC_STEPS[h.action];
      if (!step) continue;
      const lead = typeof h.inputs.lead === 'string' ? (names.get(h.inputs.lead) ?? null) : null;
      let detail: string | null = null;
      if (h.action === 'follow-up') {
        const s = SATISFACTION_NAMES[String(h.inputs.satisfaction)];
        detail = s ? s[locale] : null;
      }
      steps.push({ step: h.action, name: step[locale], at: h.at, unit: lead, detail });
    }
    const category = c.data.category as { code?: string; nameZh?: string; nameEn?: string } | undefined;
    return {
      code: formatTrackingCode(row.code),
      number: c.number,
      category: category?.code
        ? { code: category.code, name: (locale === 'zh-CN' ? category.nameZh : category.nameEn) ?? category.code }
        : null,
      status: statusOf(c.state, locale),
      reportedAt: c.openedAt,
      updatedAt: c.updatedAt,
      closedAt: c.closedAt,
      version: c.version,
      canRate: c.state === 'closed' && !ratedThisRound(c),
      rating: ratedThisRound(c) ? ratingOf(c, locale) : null,
      history: steps,
    };
  }

  /** The citizen's satisfaction, recorded as the case's 回访 (follow-up) with their words. */
  async rate(
    typed: string,
    input: { satisfaction: 'satisfied' | 'basically' | 'dissatisfied'; comment?: string | undefined },
    locale: Locale,
    tx: Db,
  ): Promise<void> {
    const row = await this.#find(typed, tx);
    const actor = portalActor('operator', row.anonymous);
    const c = await this.deps.cases.detail(actor, row.caseId, locale, tx);
    if (c.state === 'closed' && ratedThisRound(c)) throw PortalErrors.PORTAL_ALREADY_RATED();
    if (c.state !== 'closed') throw PortalErrors.PORTAL_NOT_CLOSED({ status: statusOf(c.state, locale).name });
    await this.deps.cases.apply(
      actor,
      row.caseId,
      'follow-up',
      { inputs: { satisfaction: input.satisfaction, ...(input.comment ? { comment: input.comment } : {}) } },
      locale,
      tx,
    );
  }

  /** The public map: moderated public-channel cases, anonymised; 404 while the city has it off. */
  async map(locale: Locale) {
    const rules = await this.deps.config.get(PortalPublicMap, '', this.deps.time.today());
    if (!rules.enabled) throw PortalErrors.PORTAL_MAP_DISABLED();
    const entries = await repo.mapEntries(this.deps.db, 2000);
    const actor = portalActor('operator', true);
    const points = [];
    for (const e of entries) {
      const c = await this.deps.cases.detail(actor, e.caseId, locale);
      const category = c.data.category as { code?: string; nameZh?: string; nameEn?: string } | undefined;
      const location = c.data.location as { lng?: number; lat?: number } | undefined;
      if (!category?.code || rules.sensitiveCategories.includes(category.code)) continue;
      if (typeof location?.lng !== 'number' || typeof location.lat !== 'number') continue;
      points.push({
        // Three decimals: about 100 m, enough to see a street's problems, not a doorstep.
        lng: Math.round(location.lng * 1000) / 1000,
        lat: Math.round(location.lat * 1000) / 1000,
        category: {
          code: category.code,
          name: (locale === 'zh-CN' ? category.nameZh : category.nameEn) ?? category.code,
        },
        status: statusOf(c.state, locale),
        reportedOn: this.deps.time.today(c.openedAt),
      });
    }
    return { points };
  }

  /** A moderator approves a public-channel case for the map (acceptor, duty chief; the case in their scope). */
  async publish(actor: Actor, caseId: string, locale: Locale): Promise<{ caseId: string; publishedAt: Date }> {
    portalPolicy.moderate(actor);
    const c = await this.deps.cases.detail(actor, caseId, locale);
    if (c.workflow !== 'urban' || c.data.channel !== 'public')
      throw PortalErrors.PORTAL_MAP_NOT_PUBLIC_CASE({ id: caseId });
    const publishedAt = await repo.publishOnMap(this.deps.db, caseId, actor.id ?? 'operator', this.deps.time.now());
    return { caseId, publishedAt };
  }

  /** A moderator takes a case off the public map (second thoughts, a complaint); the case itself is untouched. */
  async unpublish(actor: Actor, caseId: string, locale: Locale): Promise<{ caseId: string; wasPublished: boolean }> {
    portalPolicy.moderate(actor);
    await this.deps.cases.detail(actor, caseId, locale);
    return { caseId, wasPublished: await repo.unpublishFromMap(this.deps.db, caseId) };
  }

  /**
   * The contact a citizen left with a report, for staff who read the case: masked; in full only for those who
   * may unmask personal data (to call back), and then recorded in the audit log in the same transaction.
   */
  async contact(
    actor: Actor,
    caseId: string,
    options: { unmask: boolean; origin?: { ip: string; requestId: string } },
    locale: Locale,
  ): Promise<{ anonymous: boolean; name: string | null; phone: string | null; masked: boolean }> {
    portalPolicy.readContact(actor);
    if (options.unmask) portalPolicy.unmaskContact(actor);
    const c = await this.deps.cases.detail(actor, caseId, locale);
    const row = await repo.reportByCase(this.deps.db, caseId);
    if (!row) throw PortalErrors.PORTAL_REPORT_NONE({ id: caseId });
    const open = (kind: 'name' | 'phone', sealed: string | undefined) =>
      sealed ? this.deps.personalData.open(kind, sealed) : null;
    const name = open('name', row.contact?.name);
    const phone = open('phone', row.contact?.phone);
    if (!options.unmask)
      return { anonymous: row.anonymous, name: mask('name', name), phone: mask('phone', phone), masked: true };
    await this.deps.audit.record({
      actor,
      action: 'portal.contact.unmasked',
      target: { type: 'case', id: caseId },
      ownerDivision: c.divisionCode,
      ip: options.origin?.ip ?? null,
      requestId: options.origin?.requestId ?? null,
      details: { fields: ['name', 'phone'].filter((f) => (f === 'name' ? name : phone) !== null) },
    });
    return { anonymous: row.anonymous, name, phone, masked: false };
  }

  /**
   * Daily housekeeping: used challenges past their expiry, idle client lock rows, photo rows no report took
   * within a day, and the client hashes older than a week (the hourly counts no longer need them).
   */
  async purge(tx: Db): Promise<{ challenges: number; clients: number; uploads: number; hashes: number }> {
    const now = this.deps.time.now().getTime();
    return {
      challenges: await repo.forgetExpiredChallenges(tx, new Date(now)),
      clients: await repo.forgetIdleClients(tx, new Date(now - 2 * HOUR_MS)),
      uploads: await repo.forgetUnusedUploads(tx, new Date(now - DAY_MS)),
      hashes: await repo.forgetClientHashes(tx, new Date(now - CLIENT_HASH_KEEP_MS)),
    };
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function statusOf(state: string, locale: Locale): { key: string; name: string } {
  const s = PUBLIC_STATUS[state];
  return s
    ? { key: s.key, name: s.name[locale] }
    : { key: 'handling', name: locale === 'zh-CN' ? '处置中' : 'being handled' };
}

function countsOf(c: CaseDetailView): Record<string, number> {
  return (c.data.$counts as Record<string, number> | undefined) ?? {};
}

/** Visited (回访) since the last redo: the workflow allows one follow-up per round. */
function ratedThisRound(c: CaseDetailView): boolean {
  const counts = countsOf(c);
  return (counts.followUps ?? 0) > (counts.redo ?? 0);
}

function ratingOf(c: CaseDetailView, locale: Locale) {
  const satisfaction = String(c.data.satisfaction ?? '');
  const name = SATISFACTION_NAMES[satisfaction];
  return {
    satisfaction,
    name: name ? name[locale] : satisfaction,
    comment: typeof c.data.followUpComment === 'string' ? c.data.followUpComment : null,
  };
}
