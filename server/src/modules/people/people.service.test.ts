import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { type Actor, operatorActor, type Permission } from '../../platform/access.ts';
import { AppError } from '../../platform/errors.ts';
import { KeyRing, PersonalDataProtector } from '../../platform/personal-data/index.ts';
import { peopleJobTypes } from './people.jobs.ts';
import { peopleRepo } from './people.repo.ts';
import { canonicalPhone, PeopleService, UNMASK_ACTION } from './people.service.ts';

const TOWN = '140403001';
const OTHER_TOWN = '140403002';
/** Valid GB 11643 numbers (check characters computed). */
const ID_CARD = '140403198506154321';
const OTHER_ID_CARD = '11010519491231002X';

function user(id: string, roles: string[], permissions: Permission[], divisions: string[]): Actor {
  return {
    kind: 'user',
    id,
    personId: null,
    displayName: id,
    roles,
    permissions: new Set(permissions),
    scope: { divisions, grids: [], orgUnits: [] },
    sessionId: `session-${id}`,
  };
}

/** 网格员 of one town: reads and records people there, never sees personal data in full. */
const gridWorker = user('gridworker-1', ['gridworker'], ['people.read', 'people.manage'], [TOWN]);
/** 受理员 of the county: may unmask. */
const acceptor = user('acceptor-1', ['acceptor'], ['people.read', 'people.manage', 'personal-data.unmask'], ['140403']);
/** 受理员 of the other town only. */
const otherTownAcceptor = user(
  'acceptor-2',
  ['acceptor'],
  ['people.read', 'people.manage', 'personal-data.unmask'],
  [OTHER_TOWN],
);
/** 调解员 of the grid worker's town: may unmask there, and only there. */
const townAcceptor = user('mediator-1', ['mediator'], ['people.read', 'people.manage', 'personal-data.unmask'], [TOWN]);
const operator = operatorActor();

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof AppError, `expected an AppError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a refusal');
}

const page = { page: 1, pageSize: 50, sort: [{ field: 'createdAt' as const, descending: false }] };

describe('people and their personal data', () => {
  let t: TestApp;
  let people: PeopleService;
  before(async () => {
    t = await createTestApp();
    people = t.ctx.people;
  });
  after(() => t.close());

  test('a grid worker sees 138****5678; the ID card and address are masked too', async () => {
    const created = await people.create(gridWorker, {
      displayName: '王秀英',
      ownerDivision: TOWN,
      phone: '13812345678',
      idCard: ID_CARD,
      address: '山西省长治市潞州区英雄中路123号4单元501室',
    });
    const seen = await people.get(gridWorker, created.id);
    assert.equal(seen.phone, '138****5678');
    assert.equal(seen.idCard, '140403********4321');
    assert.equal(seen.address, '山西省长治市潞州区英雄中路***');
    assert.deepEqual(seen.masked, { phone: true, idCard: true, address: true });
    assert.equal(created.phone, '138****5678', 'the creator gets the masked view back too');
  });

  test('an acceptor who unmasks sees the number, and the audit log holds one record of the view', async () => {
    const created = await people.create(acceptor, {
      displayName: '李建国',
      ownerDivision: TOWN,
      phone: '138-1234-5678',
      idCard: ID_CARD,
    });
    const masked = await people.get(acceptor, created.id);
    assert.equal(masked.phone, '138****5678', 'asking nothing shows nothing');

    const shown = await people.get(acceptor, created.id, {
      unmask: ['phone'],
      origin: { ip: '10.1.2.3', requestId: 'req-unmask-1' },
    });
    assert.equal(shown.phone, '13812345678');
    assert.deepEqual(shown.masked, { phone: false, idCard: true, address: false });
    assert.equal(shown.idCard, '140403********4321', 'only the fields asked for');

    const records = await t.ctx.audit.list(
      operator,
      { page: 1, pageSize: 10, sort: [] },
      { action: UNMASK_ACTION, targetId: created.id },
    );
    assert.equal(records.total, 1);
    const [record] = records.items;
    assert.equal(record!.actorId, acceptor.id);
    assert.equal(record!.targetType, 'person');
    assert.equal(record!.ownerDivision, TOWN);
    assert.equal(record!.ip, '10.1.2.3');
    assert.equal(record!.requestId, 'req-unmask-1');
    assert.deepEqual(record!.details, { fields: ['phone'], revealed: ['phone'] });
    assert.ok(!JSON.stringify(record).includes('5678'), 'the audit record never holds the value');
  });

  test('a grid worker may not unmask, and the refusal leaves no unmask record', async () => {
    const created = await people.create(gridWorker, { displayName: '赵磊', ownerDivision: TOWN, phone: '13900001111' });
    const err = await refusal(people.get(gridWorker, created.id, { unmask: ['phone'] }));
    assert.equal(err.code, 'FORBIDDEN');
    const records = await t.ctx.audit.list(
      operator,
      { page: 1, pageSize: 10, sort: [] },
      { action: UNMASK_ACTION, targetId: created.id },
    );
    assert.equal(records.total, 0);
  });

  test('the database holds no plain phone number, ID card or address (every column read as text)', async () => {
    const phone = '13955557777';
    const address = '长治市潞州区太行东街88号';
    await people.create(acceptor, {
      displayName: '孙丽',
      ownerDivision: TOWN,
      phone: '+86 139 5555 7777',
      idCard: OTHER_ID_CARD,
      address,
    });
    await people.create(acceptor, { displayName: '周强', ownerDivision: TOWN, phone: '0355-2021234' });
    const rows = await t.ctx.database.query<{ row: string }>('SELECT row_to_json(p)::text AS row FROM person p');
    assert.ok(rows.length >= 2);
    const secrets = [
      phone,
      phone.slice(3),
      '5555 7777',
      '03552021234',
      '2021234',
      OTHER_ID_CARD,
      OTHER_ID_CARD.slice(6, 14),
      '13812345678',
      '12345678',
      ID_CARD,
      '太行东街',
      '英雄中路',
    ];
    for (const { row } of rows) {
      for (const secret of secrets) assert.ok(!row.includes(secret), `a person row contains ${secret}: ${row}`);
    }
  });

  test('a caller is found by phone number however it is written', async () => {
    const created = await people.create(acceptor, { displayName: '陈静', ownerDivision: TOWN, phone: '13803551234' });
    for (const typed of ['+86 138 0355 1234', '138-0355-1234', '008613803551234', '１３８０３５５１２３４']) {
      const found = await people.findByPhone(acceptor, typed);
      assert.deepEqual(
        found.map((p) => p.id),
        [created.id],
        typed,
      );
      assert.equal(found[0]!.phone, '138****1234');
    }
    const listed = await people.list(gridWorker, page, { phone: '+86 138 0355 1234' });
    assert.deepEqual(
      listed.items.map((p) => p.id),
      [created.id],
    );
    const searched = await people.list(gridWorker, page, { q: '138 0355 1234' });
    assert.deepEqual(
      searched.items.map((p) => p.id),
      [created.id],
      'a number typed into the search box finds its owner',
    );
  });

  test('landlines are kept with their area code and found in any format', async () => {
    const created = await people.create(acceptor, {
      displayName: '刘洋',
      ownerDivision: TOWN,
      phone: '(0355) 202 5678',
    });
    assert.equal(created.phone, '0355-****678');
    const shown = await people.get(acceptor, created.id, { unmask: ['phone'] });
    assert.equal(shown.phone, '0355-2025678');
    const found = await people.findByPhone(acceptor, '+86 355 2025678');
    assert.deepEqual(
      found.map((p) => p.id),
      [created.id],
    );
  });

  test("a town-level user asking for another town's person gets 404, and lists and counts leave it out", async () => {
    const elsewhere = await people.create(otherTownAcceptor, {
      displayName: '外镇居民',
      ownerDivision: OTHER_TOWN,
      phone: '13700009999',
    });
    const mine = await people.list(gridWorker, page, {});
    const before = mine.total;

    for (const attempt of [
      () => people.get(gridWorker, elsewhere.id),
      () => people.get(townAcceptor, elsewhere.id, { unmask: ['phone'] }),
      () => people.update(gridWorker, elsewhere.id, { displayName: '改名' }),
    ]) {
      const err = await refusal(attempt());
      assert.equal(err.status, 404);
      assert.equal(err.code, 'PERSON_NOT_FOUND', 'the same answer as for a person who does not exist');
    }
    const missing = await refusal(people.get(gridWorker, '01900000-0000-7000-8000-000000000000'));
    assert.equal(missing.code, 'PERSON_NOT_FOUND');

    assert.ok(mine.items.every((p) => p.ownerDivision.startsWith(TOWN)));
    assert.ok(!mine.items.some((p) => p.id === elsewhere.id));
    assert.equal(mine.total, mine.items.length, 'the count is of what the caller may see');
    assert.deepEqual(await people.findByPhone(gridWorker, '13700009999'), []);
    assert.equal((await people.list(gridWorker, page, { q: '外镇' })).total, 0);
    assert.equal((await people.list(gridWorker, page, { division: OTHER_TOWN })).total, 0);
    assert.equal((await people.list(gridWorker, page, { phone: '13700009999' })).total, 0);
    assert.equal((await people.list(gridWorker, page, {})).total, before);

    const county = await people.list(acceptor, page, { division: OTHER_TOWN });
    assert.deepEqual(
      county.items.map((p) => p.id),
      [elsewhere.id],
      'the county sees both towns',
    );

    const noScope = await people.list(user('nobody', [], ['people.read'], []), page, {});
    assert.equal(noScope.total, 0, 'no scope sees nothing');
  });

  test('a person is placed only inside the caller’s scope', async () => {
    const err = await refusal(people.create(gridWorker, { displayName: '越权', ownerDivision: OTHER_TOWN }));
    assert.equal(err.code, 'OUT_OF_SCOPE');
    const created = await people.create(gridWorker, { displayName: '搬家的人', ownerDivision: TOWN });
    const move = await refusal(people.update(gridWorker, created.id, { ownerDivision: OTHER_TOWN }));
    assert.equal(move.code, 'OUT_OF_SCOPE');
    const reader = user('reader', ['leader'], ['people.read'], [TOWN]);
    assert.equal(
      (await refusal(people.create(reader, { displayName: '无权', ownerDivision: TOWN }))).code,
      'FORBIDDEN',
    );
  });

  test('an invalid ID card or phone number is refused with a message in both languages', async () => {
    const idCard = await refusal(
      people.create(gridWorker, { displayName: '张三', ownerDivision: TOWN, idCard: '140403198506154322' }),
    );
    assert.equal(idCard.status, 400);
    assert.equal(idCard.code, 'PERSON_ID_CARD_INVALID');
    assert.match(idCard.messageIn('zh-CN'), /身份证/);
    assert.match(idCard.messageIn('en-US'), /ID card/);
    for (const bad of ['12345', '23812345678', '1381234567', '+1 415 555 0100', '0355-123', 'abc']) {
      const err = await refusal(people.create(gridWorker, { displayName: '张三', ownerDivision: TOWN, phone: bad }));
      assert.equal(err.code, 'PERSON_PHONE_INVALID', bad);
      assert.match(err.messageIn('zh-CN'), /电话号码/);
    }
    assert.equal((await refusal(people.findByPhone(gridWorker, '12'))).code, 'PERSON_PHONE_INVALID');
    assert.equal(
      (await refusal(people.create(gridWorker, { displayName: '   ', ownerDivision: TOWN }))).code,
      'PERSON_NAME_INVALID',
    );
  });

  test('an update reseals what changed, removes with null, and records which fields changed', async () => {
    const created = await people.create(gridWorker, {
      displayName: '吴敏',
      ownerDivision: TOWN,
      phone: '13611112222',
      address: '潞州区西街1号',
    });
    const updated = await people.update(gridWorker, created.id, {
      phone: '136 3333 4444',
      address: null,
      displayName: '吴敏',
    });
    assert.equal(updated.phone, '136****4444');
    assert.equal(updated.address, null);
    assert.equal(updated.masked.address, false);
    assert.deepEqual(await people.findByPhone(gridWorker, '13611112222'), []);
    assert.equal((await people.findByPhone(gridWorker, '13633334444'))[0]?.id, created.id);

    const records = await t.ctx.audit.list(
      operator,
      { page: 1, pageSize: 10, sort: [] },
      { action: 'people.person.updated', targetId: created.id },
    );
    assert.equal(records.total, 1);
    assert.deepEqual(records.items[0]!.details, { changed: ['phone', 'address'] });

    const unchanged = await people.update(gridWorker, created.id, { phone: '+8613633334444' });
    assert.equal(unchanged.updatedAt.getTime(), updated.updatedAt.getTime(), 'the same number is no change');
  });

  test('canonical phone forms', () => {
    assert.equal(canonicalPhone('+86 138 0355 1234'), '13803551234');
    assert.equal(canonicalPhone('0355 2021234'), '0355-2021234');
    assert.equal(canonicalPhone('010-82345678'), '010-82345678');
    assert.equal(canonicalPhone('0755 88886666'), '0755-88886666');
  });
});

describe('key rotation', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const key = () => randomBytes(32).toString('base64');
  const k1 = key();
  const k2 = key();
  const index = key();
  const protector = (active: string, keys: Record<string, string>) =>
    new PersonalDataProtector({ keys: KeyRing.fromJson(JSON.stringify({ active, keys, index })) });

  test('people.reseal rewrites values sealed with an old key, in batches, and they still open and are found', async () => {
    const deps = { db: t.ctx.database.db, time: t.ctx.time, audit: t.ctx.audit };
    const before = new PeopleService({ ...deps, personalData: protector('k1', { k1 }) });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const p = await before.create(operator, {
        displayName: `居民${i}`,
        ownerDivision: TOWN,
        phone: `1390000000${i}`,
        idCard: ID_CARD,
        address: `潞州区东街${i}号`,
      });
      ids.push(p.id);
    }
    const noPhone = await before.create(operator, { displayName: '无电话', ownerDivision: TOWN });

    const after = new PeopleService({ ...deps, personalData: protector('k2', { k1, k2 }) });
    const [job] = peopleJobTypes(after);
    assert.equal(job!.type, 'people.reseal');
    const log = pino({ level: 'silent' });
    const run = (payload: Record<string, unknown>) =>
      t.ctx.database.db.transaction((tx) =>
        job!.run({
          job: { payload } as never,
          scheduledFor: t.ctx.time.now(),
          attempt: 1,
          worker: 'test',
          tx,
          db: null,
          now: t.ctx.time.now(),
          log,
        }),
      );
    assert.equal(await run({ batchSize: 2, maxRows: 3 }), '3 people resealed; more remain, run again');
    assert.equal(await run({ batchSize: 2 }), '2 people resealed');
    assert.equal(await run({}), '0 people resealed');

    for (const id of ids) {
      const row = (await peopleRepo.findById(t.ctx.database.db, id))!;
      for (const sealed of [row.phoneSealed, row.idCardSealed, row.addressSealed]) {
        assert.match(sealed!, /^pd1\.[A-Za-z0-9-]+\.k2\./);
      }
    }
    // Only the new key is needed now: the old one may leave the ring.
    const onlyK2 = new PeopleService({ ...deps, personalData: protector('k2', { k2 }) });
    const shown = await onlyK2.get(operator, ids[3]!, { unmask: ['phone', 'address'] });
    assert.equal(shown.phone, '13900000003');
    assert.equal(shown.address, '潞州区东街3号');
    assert.equal((await onlyK2.findByPhone(operator, '139 0000 0003'))[0]?.id, ids[3]);
    assert.equal((await onlyK2.get(operator, noPhone.id)).phone, null);
  });

  test('a value that does not open is counted and skipped, not fatal', async () => {
    const deps = { db: t.ctx.database.db, time: t.ctx.time, audit: t.ctx.audit };
    const lost = key();
    const orphan = await new PeopleService({ ...deps, personalData: protector('k9', { k9: lost }) }).create(operator, {
      displayName: '丢失密钥',
      ownerDivision: TOWN,
      phone: '13900000009',
    });
    const current = new PeopleService({ ...deps, personalData: protector('k2', { k1, k2 }) });
    const r = await t.ctx.database.db.transaction((tx) => current.resealBatch(tx, { batchSize: 10, maxRows: 100 }));
    assert.deepEqual(r, { resealed: 0, failed: 1, more: false });
    const row = (await peopleRepo.findById(t.ctx.database.db, orphan.id))!;
    assert.match(row.phoneSealed!, /\.k9\./, 'left as it was');
  });

  test('the scheduler knows the job type and runs it', async () => {
    assert.ok(t.ctx.scheduler.types().some((type) => type.type === 'people.reseal'));
    const job = await t.ctx.scheduler.scheduleOnce({
      type: 'people.reseal',
      key: 'people.reseal.test',
      runAt: t.ctx.time.now(),
    });
    assert.equal(await t.ctx.scheduler.tick(), 1);
    const done = await t.ctx.scheduler.get(operator, job.id);
    assert.equal(done.lastStatus, 'succeeded');
  });
});
