import assert from 'node:assert/strict';
import type { TestApp } from './app.ts';
import { type UrbanLoop, urbanLoop } from './urban-loop.ts';

/** A handling limit in natural hours keeps the due times of the month below easy to read. */
const hours = (amount: number) => ({ amount, unit: 'natural_hours' });

export interface MarchOfActivity {
  loop: UrbanLoop;
  /** The two departments: A 市政维修队, B 园林绿化队. */
  A: string;
  B: string;
  /** The two communities of the demo town and a grid of each. */
  one: { division: string; grid: string };
  two: { division: string; grid: string };
}

/**
 * A hand-built month: March 2026 in 东街街道, two departments (市政 A, 园林 B), nine cases written below as the
 * actions taken on them at their business times, ending with the sweep at the month's end. The figures it must
 * give are written as numbers where they are checked: the indicators (indicators.test.ts) and the monthly
 * bulletin that prints them (bulletins.test.ts).
 */
export async function marchOfActivity(t: TestApp): Promise<MarchOfActivity> {
  const loop = await urbanLoop(t, ['潞州区市政维修队', '潞州区园林绿化队']);
  const [A, B] = Object.values(loop.units) as [string, string]; // in the order given
  const grids = await t.ctx.database.query<{ code: string; community_code: string }>(
    `select distinct on (community_code) code, community_code from grid
     where community_code like '140403001%' and valid_to is null order by community_code, code limit 2`,
  );
  assert.equal(grids.length, 2, 'two communities with grids in the demo town');
  const one = { division: grids[0]!.community_code, grid: grids[0]!.code };
  const two = { division: grids[1]!.community_code, grid: grids[1]!.code };

  const { report, act } = loop;
  const dispatch = (unit: string, limit = hours(48)) => ({ lead: unit, limit });
  const checker = { checker: loop.actor.id };
  const close = (type = 'normal') => ({ closureType: type });
  const reason = { reason: '测试原因' };
  /** report → accept → register: a registered case, ready for dispatch. */
  const registered = async (day: string, place = one, channel = 'grid') => {
    const id = await report(`${day} 09:00`, place, { channel });
    await act(`${day} 09:05`, id, 'accept');
    await act(`${day} 09:10`, id, 'register');
    return id;
  };

  // C1 (A): handled and closed on time; checked on time; closed at the first dispatch.
  const c1 = await registered('2026-03-02');
  await act('2026-03-02 09:20', c1, 'dispatch', dispatch(A)); // due 03-04 09:20
  await act('2026-03-02 10:00', c1, 'sign');
  await act('2026-03-03 15:00', c1, 'feedback', { note: '已清扫' });
  await act('2026-03-03 15:10', c1, 'request-check', checker); // check due 15:40
  await act('2026-03-03 15:30', c1, 'check-pass');
  await act('2026-03-03 16:00', c1, 'close', close());

  // C2 (A): handled late, checked late, closed (超时结案).
  const c2 = await registered('2026-03-05');
  await act('2026-03-05 09:30', c2, 'dispatch', dispatch(A)); // due 03-07 09:30
  await act('2026-03-05 10:00', c2, 'sign');
  await act('2026-03-08 10:00', c2, 'feedback', { note: '已清扫' });
  await act('2026-03-09 09:00', c2, 'request-check', checker); // check due 09:30 (Monday)
  await act('2026-03-09 10:00', c2, 'check-pass');
  await act('2026-03-09 11:00', c2, 'close', close('overdue'));

  // C3 (A returns it, B handles it), in the second community.
  const c3 = await registered('2026-03-10', two);
  await act('2026-03-10 09:20', c3, 'dispatch', dispatch(A));
  await act('2026-03-10 10:00', c3, 'return', reason);
  await act('2026-03-10 11:00', c3, 'dispatch', dispatch(B)); // due 03-12 11:00
  await act('2026-03-10 11:30', c3, 'sign');
  await act('2026-03-11 17:00', c3, 'feedback', { note: '已修复' });
  await act('2026-03-12 09:00', c3, 'request-check', checker);
  await act('2026-03-12 09:20', c3, 'check-pass');
  await act('2026-03-12 09:40', c3, 'close', close());

  // C4 (B): an extension, a failed check and rework, then on time under the rework's clock.
  const c4 = await registered('2026-03-16', two);
  await act('2026-03-16 09:30', c4, 'dispatch', dispatch(B)); // due 03-18 09:30
  await act('2026-03-16 10:00', c4, 'sign');
  await act('2026-03-17 10:00', c4, 'request-extension', { extra: hours(24), ...reason });
  await act('2026-03-17 11:00', c4, 'approve-extension', { extra: hours(24) }); // due 03-19 09:30
  await act('2026-03-19 09:00', c4, 'feedback', { note: '已修复' });
  await act('2026-03-19 09:10', c4, 'request-check', checker);
  await act('2026-03-19 09:30', c4, 'check-fail', reason);
  await act('2026-03-19 10:00', c4, 'rework', { lead: B, limit: hours(24), ...reason }); // due 03-20 10:00
  await act('2026-03-19 10:30', c4, 'sign');
  await act('2026-03-20 09:00', c4, 'feedback', { note: '已返工' });
  await act('2026-03-20 09:10', c4, 'request-check', checker);
  await act('2026-03-20 09:20', c4, 'check-pass');
  await act('2026-03-20 09:30', c4, 'close', close());

  // C5 (B): suspended (挂账): its clock stands still, so it is due in no period.
  const c5 = await registered('2026-03-23', two);
  await act('2026-03-23 09:30', c5, 'dispatch', dispatch(B));
  await act('2026-03-23 10:00', c5, 'sign');
  await act('2026-03-23 10:30', c5, 'request-suspension', reason);
  await act('2026-03-23 11:00', c5, 'approve-suspension');

  // C6 (A): signed for, never handled: overdue and pending once the sweep turns it red.
  const c6 = await registered('2026-03-24');
  await act('2026-03-24 09:30', c6, 'dispatch', dispatch(A)); // due 03-26 09:30
  await act('2026-03-24 10:00', c6, 'sign');

  // C7 (A): a public report, closed, visited dissatisfied, redone, closed again, visited satisfied.
  const c7 = await registered('2026-03-25', one, 'public');
  await act('2026-03-25 10:00', c7, 'dispatch', dispatch(A));
  await act('2026-03-25 10:30', c7, 'sign');
  await act('2026-03-26 10:00', c7, 'feedback', { note: '已处理' });
  await act('2026-03-26 10:10', c7, 'request-check', checker);
  await act('2026-03-26 10:20', c7, 'check-pass');
  await act('2026-03-26 10:30', c7, 'close', close());
  await act('2026-03-27 09:00', c7, 'follow-up', { satisfaction: 'dissatisfied' });
  await act('2026-03-27 10:00', c7, 'redo', reason);
  await act('2026-03-27 11:00', c7, 'dispatch', dispatch(A)); // due 03-29 11:00
  await act('2026-03-27 11:30', c7, 'sign');
  await act('2026-03-28 10:00', c7, 'feedback', { note: '重新处理' });
  await act('2026-03-30 09:00', c7, 'request-check', checker); // check due 09:30
  await act('2026-03-30 09:10', c7, 'check-pass');
  await act('2026-03-30 09:20', c7, 'close', close());
  await act('2026-03-30 15:00', c7, 'follow-up', { satisfaction: 'satisfied' });

  // C8: voided: a report that was not valid.
  const c8 = await report('2026-03-26 09:00', one);
  await act('2026-03-26 10:00', c8, 'void', reason);

  // C9 (A): dispatched in March, due in April.
  const c9 = await registered('2026-03-30');
  await act('2026-03-30 10:00', c9, 'dispatch', dispatch(A)); // due 04-01 10:00

  // The sweep at the month's end: C6's handling clock (and C9's dispatch clock, already stopped: no) turn red.
  loop.at('2026-03-31 18:00');
  await t.ctx.engine.sweep();
  await t.ctx.events.drain();
  return { loop, A, B, one, two };
}
