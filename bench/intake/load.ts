/**
 * Three years of urban cases for the intake benchmark, written with set-based SQL (unnest batches, one
 * transaction per batch) in the shapes `POST /api/cases` writes them — the approach of
 * bench/deadline-sweep/load.ts, with its PRNG, UUIDv7 ids and actors (deadline-sweep/model.ts).
 *
 * Per case: the `case_file` row (workflow `urban`, data with title, description, channel, category,
 * urgency and location, as `UrbanService.place` builds it), its `report` log entry and `case.opened` event
 * exactly as the engine writes them (compared with one the engine wrote in every run), and for the cases no
 * longer open a closing entry (`close`, `decline` or `void`) with its `case.action` event. The steps in
 * between (register, dispatch, handle, check) and their tasks and clocks are not generated: the log holds 2
 * entries per closed case instead of ~7. Numbers are county + local date + the day's sequence, in the order
 * the cases were opened, and `case_number_counter` holds every county's last number of every day, so the
 * server's numbering continues where the data stops. The last three days' Idempotency-Keys are there too
 * (the TTL is 72 h).
 */
import type pg from 'pg';
import { ACTORS, random, uuidv7At } from '../deadline-sweep/model.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Asia/Shanghai has no daylight saving: local time is UTC + 8 h all year. */
const ZONE_OFFSET = 8 * HOUR;

export interface Place {
  /** The owning community (12 digits) and its grid. */
  community: string;
  grid: string;
  lng: number;
  lat: number;
}

export interface Category {
  code: string;
  version: number;
  nameZh: string;
  nameEn: string;
}

export interface IntakeDataInput {
  /** "Now": the data stops here (the server's clock starts here). */
  now: number;
  days: number;
  perDay: number;
  seed: number;
  /** Places in the demo town (real demo grids, their label points), and everywhere else (synthetic). */
  demoPlaces: Place[];
  otherPlaces: Place[];
  /** Share of the cases in the demo town. */
  demoShare: number;
  categories: Category[];
  /** First id of `case_action` to use (the engine's sequence is set past the last one afterwards). */
  firstActionId: number;
}

export interface LoadStats {
  cases: number;
  open: number;
  actions: number;
  events: number;
  counters: number;
  keys: number;
  /** The last number given today in each county (for the report). */
  todayLast: Map<string, number>;
}

const CHANNELS: [string, number][] = [
  ['grid', 0.55],
  ['hotline', 0.2],
  ['public', 0.1],
  ['supervisor', 0.08],
  ['leader', 0.02],
  ['other', 0.05],
];
const PROBLEMS = [
  '路边有暴露垃圾,请尽快清理',
  '人行道上有占道经营的摊点',
  '小区门口井盖缺失,存在安全隐患',
  '路灯不亮已经好几天了',
  '绿化带被车辆碾压损毁',
  '墙面上贴满了小广告',
  '道路破损,坑洼积水',
  '渣土车遗撒,路面污染严重',
  '污水从井口外溢',
  '夜间施工噪音扰民',
];
const CLOSINGS: [string, string, string, number][] = [
  // action, from state, to state, share of the cases no longer open
  ['close', 'checked', 'closed', 0.95],
  ['decline', 'accepted', 'declined', 0.03],
  ['void', 'reported', 'void', 0.02],
];

const CASE_SQL = `
insert into case_file (id, workflow, workflow_version, number, state, version, grid_code, data, opened_at, opened_by,
  closed_at, updated_at, last_action_id, owner_division)
select id, 'urban', 1, number, state, version, grid, data::jsonb, opened::timestamptz, by, closed::timestamptz,
  updated::timestamptz, last, division
from unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
  $10::text[], $11::bigint[], $12::text[])
  as t(id, number, state, version, grid, data, opened, by, closed, updated, last, division)`;

const ACTION_SQL = `
insert into case_action (id, case_id, task_id, workflow, action, from_state, to_state, task_from_state, task_to_state,
  actor_id, actor_name, actor_role, inputs, attachments, effects, at, owner_division)
select id, case_id, null, 'urban', action, from_state, to_state, null, null, actor_id, actor_name, actor_role,
  inputs::jsonb, '[]'::jsonb, effects::jsonb, at::timestamptz, division
from unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
  $9::text[], $10::text[], $11::text[], $12::text[])
  as t(id, case_id, action, from_state, to_state, actor_id, actor_name, actor_role, inputs, effects, at, division)
order by id`;

const EVENT_SQL = `
insert into engine_event (type, case_id, payload, at, owner_division)
select type, case_id, payload::jsonb, at::timestamptz, division
from unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[]) with ordinality
  as t(type, case_id, payload, at, division, n)
order by n`;

const COUNTER_SQL = `
insert into case_number_counter (county, day, last)
select * from unnest($1::text[], $2::date[], $3::int[])`;

const KEY_SQL = `
insert into idempotency_key (scope, key, request_hash, status_code, response, created_at, expires_at)
select scope, key, hash, 201, response::jsonb, created::timestamptz, expires::timestamptz
from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
  as t(scope, key, hash, response, created, expires)`;

const iso = (ms: number) => new Date(ms).toISOString();
const localDate = (ms: number) => new Date(ms + ZONE_OFFSET).toISOString().slice(0, 10);

/** Writes the cases day by day, oldest first, a batch of about `batch` cases per transaction. */
export async function loadIntakeData(
  client: pg.Client,
  input: IntakeDataInput,
  batch: number,
  progress: (done: number, day: number) => void,
): Promise<LoadStats> {
  const rnd = random(input.seed);
  const stats: LoadStats = {
    cases: 0,
    open: 0,
    actions: 0,
    events: 0,
    counters: 0,
    keys: 0,
    todayLast: new Map(),
  };
  const counters = new Map<string, number>();
  let actionId = input.firstActionId;
  const todayLocal = localDate(input.now);
  // Local midnight of the first day.
  const firstDay = Math.floor((input.now + ZONE_OFFSET) / DAY) * DAY - ZONE_OFFSET - (input.days - 1) * DAY;

  const fresh = () => ({
    c: [[], [], [], [], [], [], [], [], [], [], [], []] as unknown[][],
    a: [[], [], [], [], [], [], [], [], [], [], [], []] as unknown[][],
    e: [[], [], [], [], []] as unknown[][],
    k: [[], [], [], [], [], []] as unknown[][],
  });
  let rows = fresh();
  const flush = async () => {
    if (rows.c[0]!.length === 0) return;
    await client.query('BEGIN');
    await client.query(CASE_SQL, rows.c);
    await client.query(ACTION_SQL, rows.a);
    await client.query(EVENT_SQL, rows.e);
    if (rows.k[0]!.length) await client.query(KEY_SQL, rows.k);
    await client.query('COMMIT');
    rows = fresh();
  };
  const pickChannel = () => {
    let x = rnd.next();
    for (const [c, p] of CHANNELS) {
      x -= p;
      if (x < 0) return c;
    }
    return 'grid';
  };

  for (let d = 0; d < input.days; d++) {
    const dayStart = firstDay + d * DAY;
    // Reports come in between 06:00 and 22:00, a little more in the morning.
    const times: number[] = [];
    for (let i = 0; i < input.perDay; i++) {
      const u = rnd.next();
      const t = dayStart + 6 * HOUR + Math.floor(16 * HOUR * (0.6 * u + 0.4 * u * u));
      if (t < input.now) times.push(t);
    }
    times.sort((x, y) => x - y);
    for (const opened of times) {
      const place = rnd.next() < input.demoShare ? rnd.pick(input.demoPlaces) : rnd.pick(input.otherPlaces);
      const county = place.community.slice(0, 6);
      const day = localDate(opened);
      const key = `${county}${day}`;
      const seq = (counters.get(key) ?? 0) + 1;
      counters.set(key, seq);
      const number = `${county}${day.replaceAll('-', '')}${String(seq).padStart(5, '0')}`;
      const id = uuidv7At(opened, rnd);
      const category = rnd.pick(input.categories);
      const description = `${rnd.pick(PROBLEMS)}(${place.grid.slice(-6)}附近)`;
      const lng = Math.round((place.lng + (rnd.next() - 0.5) * 0.002) * 1e6) / 1e6;
      const lat = Math.round((place.lat + (rnd.next() - 0.5) * 0.002) * 1e6) / 1e6;
      const data = {
        title: description.slice(0, 40),
        channel: pickChannel(),
        category: {
          codeSet: 'cjt214.event',
          code: category.code,
          version: category.version,
          nameZh: category.nameZh,
          nameEn: category.nameEn,
        },
        urgency: rnd.next() < 0.05 ? 'urgent' : 'normal',
        location: { lng, lat, given: { lng, lat, crs: 'wgs84' } },
        description,
      };
      const acceptor = ACTORS.acceptors[rnd.int(ACTORS.acceptors.length)]!;
      // Most cases are closed within days; a few stay open for long (suspended, disputed).
      const ageDays = (input.now - opened) / DAY;
      const open = rnd.next() < 0.9 * Math.exp(-ageDays / 3) + 0.004;
      let closing: (typeof CLOSINGS)[number] | null = null;
      if (!open) {
        let x = rnd.next();
        closing = CLOSINGS[CLOSINGS.length - 1]!;
        for (const c of CLOSINGS) {
          x -= c[3];
          if (x < 0) {
            closing = c;
            break;
          }
        }
      }
      const closedAt = closing
        ? Math.min(input.now - 60_000, opened + Math.max(HOUR, Math.floor(rnd.exp(2.5 * DAY))))
        : null;
      const reportId = actionId++;
      const closeId = closing ? actionId++ : null;
      const caseEffect = (state: string, version: number, closed: number | null) => ({
        workflowVersion: 1,
        state,
        version,
        data,
        closedAt: closed === null ? null : iso(closed),
        ownerDivision: place.community,
        gridCode: place.grid,
        number,
      });
      const c = rows.c;
      c[0]!.push(id);
      c[1]!.push(number);
      c[2]!.push(closing ? closing[2] : 'reported');
      c[3]!.push(closing ? 2 : 1);
      c[4]!.push(place.grid);
      c[5]!.push(JSON.stringify(data));
      c[6]!.push(iso(opened));
      c[7]!.push(acceptor.id);
      c[8]!.push(closedAt === null ? null : iso(closedAt));
      c[9]!.push(iso(closedAt ?? opened));
      c[10]!.push(closeId ?? reportId);
      c[11]!.push(place.community);

      const summary = { number, title: data.title };
      const a = rows.a;
      const e = rows.e;
      const entry = (
        entryId: number,
        action: string,
        from: string | null,
        to: string,
        actor: { id: string; name: string; role: string },
        inputs: object,
        effects: object,
        at: number,
        event: string,
      ) => {
        a[0]!.push(entryId);
        a[1]!.push(id);
        a[2]!.push(action);
        a[3]!.push(from);
        a[4]!.push(to);
        a[5]!.push(actor.id);
        a[6]!.push(actor.name);
        a[7]!.push(actor.role);
        a[8]!.push(JSON.stringify(inputs));
        a[9]!.push(JSON.stringify(effects));
        a[10]!.push(iso(at));
        a[11]!.push(place.community);
        e[0]!.push(event);
        e[1]!.push(id);
        e[2]!.push(
          JSON.stringify({
            caseId: id,
            workflow: 'urban',
            action,
            actionId: entryId,
            fromState: from,
            toState: to,
            taskId: null,
            taskFromState: null,
            taskToState: null,
            actorName: actor.name,
            gridCode: place.grid,
            ...summary,
          }),
        );
        e[3]!.push(iso(at));
        e[4]!.push(place.community);
      };
      const reporter = { id: acceptor.id, name: acceptor.name, role: 'acceptor' };
      entry(
        reportId,
        'report',
        null,
        'reported',
        reporter,
        { description },
        { case: caseEffect('reported', 1, null), tasks: [], deadlines: [] },
        opened,
        'case.opened',
      );
      if (closing && closeId !== null && closedAt !== null) {
        const chief = ACTORS.dispatchers[rnd.int(ACTORS.dispatchers.length)]!;
        entry(
          closeId,
          closing[0],
          closing[1],
          closing[2],
          { id: chief.id, name: chief.name, role: 'dutychief' },
          closing[0] === 'close' ? { closureType: 'normal' } : { reason: '不属于城市管理事项' },
          { case: caseEffect(closing[2], 2, closedAt), tasks: [], deadlines: [] },
          closedAt,
          'case.action',
        );
      }
      if (input.now - opened < 72 * HOUR) {
        const k = rows.k;
        k[0]!.push(`POST /api/cases ${acceptor.id}`);
        k[1]!.push(`intake-${id}`);
        k[2]!.push(id.replaceAll('-', '').padEnd(64, '0'));
        // About the size of the case detail the server keeps as the first answer.
        k[3]!.push(JSON.stringify({ id, workflow: 'urban', number, state: 'reported', data, pad: 'x'.repeat(900) }));
        k[4]!.push(iso(opened));
        k[5]!.push(iso(opened + 72 * HOUR));
        stats.keys++;
      }
      stats.cases++;
      if (open) stats.open++;
      stats.actions += closing ? 2 : 1;
      stats.events += closing ? 2 : 1;
      if (rows.c[0]!.length >= batch) {
        await flush();
        progress(stats.cases, d);
      }
    }
  }
  await flush();
  progress(stats.cases, input.days);

  const cc: unknown[][] = [[], [], []];
  for (const [key, last] of counters) {
    cc[0]!.push(key.slice(0, 6));
    cc[1]!.push(key.slice(6));
    cc[2]!.push(last);
    if (key.slice(6) === todayLocal) stats.todayLast.set(key.slice(0, 6), last);
  }
  for (let i = 0; i < cc[0]!.length; i += 20_000)
    await client.query(
      COUNTER_SQL,
      cc.map((col) => col.slice(i, i + 20_000)),
    );
  stats.counters = cc[0]!.length;
  await client.query(`select setval('case_action_id_seq', $1)`, [actionId - 1]);
  // The notifications consumer starts after the preloaded events (it would otherwise read three years' worth).
  await client.query(
    `insert into event_consumer (name, tx_id, event_id, updated_at)
     select 'notifications', tx_id, id, $1 from engine_event order by tx_id desc, id desc limit 1
     on conflict (name) do update set tx_id = excluded.tx_id, event_id = excluded.event_id, updated_at = excluded.updated_at`,
    [new Date(input.now)],
  );
  return stats;
}
