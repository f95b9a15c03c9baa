import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { actorWith, registerToy, TOY_WORKFLOW } from '../../../test/toy-workflow.ts';
import { upsertDay } from '../../engine/calendar.repo.ts';
import { operatorActor } from '../../platform/access.ts';
import { AppError } from '../../platform/errors.ts';

const PHOTO = '01890a5d-ac96-774b-bcce-b302099a8057';

/** A small deterministic PRNG (mulberry32): a failing seed replays exactly. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T };
}

describe('the action log is the truth: rebuilding the projections reproduces them exactly', () => {
  let t: TestApp;
  let units: string[];

  before(async () => {
    t = await createTestApp({ demo: true, now: '2026-03-02T02:00:00Z' });
    registerToy(t);
    const op = operatorActor();
    units = [];
    for (const name of ['市政中队', '环卫所', '园林队'])
      units.push((await t.ctx.access.createOrgUnit(op, { name, kind: 'department', divisionCode: '140403' })).id);
  });
  after(() => t.close());

  const snapshot = async () => ({
    cases: await t.ctx.database.query('select * from case_file order by id'),
    tasks: await t.ctx.database.query('select * from case_task order by id'),
    deadlines: await t.ctx.database.query('select * from case_deadline order by case_id, holder, clock'),
  });

  /** Random sequences of actions, clock moves, sweeps and calendar changes against the toy workflow. */
  async function play(seed: number, steps: number): Promise<{ applied: number; refused: number }> {
    const rnd = random(seed);
    const { engine } = t.ctx;
    const ids: string[] = [];
    const actions = Object.keys(TOY_WORKFLOW.actions).filter((a) => a !== 'report');
    let applied = 0;
    let refused = 0;
    for (let i = 0; i < steps; i++) {
      const roll = rnd.next();
      if (roll < 0.12 || ids.length === 0) {
        const opened = await engine.open(actorWith('acceptor'), 'toy', 'report', {
          divisionCode: '140403001001',
          inputs: { title: `案件 ${seed}-${i}` },
        });
        ids.push(opened.case.id);
      } else if (roll < 0.75) {
        const id = rnd.pick(ids);
        // Mostly an action that fits the case's state (so cases progress), sometimes any (refusals).
        const state = (await engine.get(actorWith('leader'), id)).case.state;
        const fitting = actions.filter((a) => TOY_WORKFLOW.actions[a]?.from.includes(state));
        const action = rnd.next() < 0.75 && fitting.length ? rnd.pick(fitting) : rnd.pick(actions);
        const def = TOY_WORKFLOW.actions[action];
        const role = rnd.pick(def?.roles ?? ['handler']);
        // Mostly a member of every unit (so task actions happen), sometimes of one (so some are refused).
        const memberOf = rnd.next() < 0.7 ? units : [rnd.pick(units)];
        const actor = actorWith(role, { orgUnits: role === 'handler' ? memberOf : [] });
        const inputs: Record<string, unknown> = {};
        for (const [name, spec] of Object.entries(def?.inputs ?? {})) {
          if (spec.type === 'unit') inputs[name] = rnd.pick(units);
          if (spec.type === 'text') inputs[name] = '随机原因';
          if (spec.type === 'limit') inputs[name] = { amount: 1 + Math.floor(rnd.next() * 3), unit: 'working_hours' };
        }
        try {
          await engine.apply(actor, id, action, { inputs, attachments: def?.attachments ? [PHOTO] : [] });
          applied++;
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          refused++;
        }
      } else if (roll < 0.9) {
        t.clock.advance(Math.floor(rnd.next() * 30 * 3600_000));
      } else if (roll < 0.97) {
        await engine.sweep();
      } else {
        // A local holiday a few days ahead: open clocks move, each move is logged.
        const day = new Date(t.clock.now().getTime() + (1 + Math.floor(rnd.next() * 5)) * 86_400_000);
        await upsertDay(t.ctx.database.db, {
          date: t.ctx.time.today(day),
          source: 'local',
          kind: 'holiday',
          name: '临时休假',
          updatedAt: t.clock.now(),
          updatedBy: 'test',
        });
        // Small pages, so the recompute's paging is exercised too.
        await engine.recomputeOpenDeadlines({ batch: 3 });
      }
    }
    return { applied, refused };
  }

  test('for random action sequences the rebuilt projections equal the live ones', async () => {
    let applied = 0;
    for (const seed of [1, 2, 3]) applied += (await play(seed, 200)).applied;
    assert.ok(applied > 80, `enough actions succeeded to mean something (${applied})`);
    const entries = await t.ctx.database.query<{ action: string }>('select distinct action from case_action');
    const kinds = new Set(entries.map((e) => e.action));
    for (const k of ['assign', 'finish', 'close', '$deadline.red'])
      assert.ok(kinds.has(k), `the random log includes ${k} (has ${[...kinds].join(', ')})`);

    const live = await snapshot();
    const report = await t.ctx.engine.rebuild({ dryRun: true });
    assert.deepEqual(report.differences, [], 'nothing differs between the log and the tables');
    assert.equal(report.cases, live.cases.length);

    await t.ctx.engine.rebuild();
    assert.deepEqual(await snapshot(), live, 'a full rebuild writes the same rows');
  });

  test('a damaged projection is found and repaired from the log', async () => {
    const live = await snapshot();
    const [victim] = live.cases as { id: string }[];
    assert.ok(victim, 'there is a case to damage');
    await t.ctx.database.query(`update case_file set state = 'lost', version = 99 where id = $1`, [victim.id]);
    await t.ctx.database.query('delete from case_task where id = (select id from case_task order by id limit 1)');
    await t.ctx.database.query(
      `update case_deadline set due_at = due_at + interval '1 day' where case_id = (select case_id from case_deadline where due_at is not null order by case_id limit 1)`,
    );
    const found = await t.ctx.engine.rebuild({ dryRun: true });
    assert.ok(
      found.differences.some((d) => d.startsWith(`case ${victim.id} state`)),
      `the damaged state is reported: ${found.differences.slice(0, 5).join(' | ')}`,
    );
    assert.ok(
      found.differences.some((d) => d.includes('missing from the tables')),
      'the deleted task is reported',
    );
    assert.ok(
      found.differences.some((d) => d.includes('dueAt')),
      'the moved due time is reported',
    );
    await t.ctx.engine.rebuild();
    assert.deepEqual(await snapshot(), live, 'the repaired tables equal what they were');
  });

  test('the log itself cannot be changed or deleted', async () => {
    await assert.rejects(
      t.ctx.database.query(`update case_action set action = 'forged' where id = (select min(id) from case_action)`),
      /append-only/,
    );
    await assert.rejects(t.ctx.database.query('delete from case_action'), /append-only/);
  });
});
