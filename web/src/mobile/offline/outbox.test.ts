import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openMobileDb, type StoredPhoto } from './db';
import { leaseRunner } from './lock';
import { type NewOutboxItem, Outbox, type Transport } from './outbox';
import type { OutboxItem } from './outbox-types';
import { BACKOFF_MAX_MS, backoffMs, classifyFailure } from './retry';

const ACCOUNT = 'acc-1';
let dbCount = 0;
const opened: Db[] = [];

async function freshDb(name = `outbox-test-${++dbCount}`): Promise<{ db: Db; name: string }> {
  const db = await openMobileDb(name);
  opened.push(db);
  return { db, name };
}

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

/** An error as the API client throws it. */
const httpError = (status: number, code = `HTTP_${status}`, message = '', details: unknown = null) =>
  Object.assign(new Error(message), { status, code, details });
const networkError = () => httpError(0, 'NETWORK');

interface Call {
  op: string;
  key?: string;
  id?: string;
  body?: unknown;
}

/** A server double: records every call; `fail` decides per call whether it throws. */
function fakeTransport(fail: (call: Call, n: number) => unknown = () => null) {
  const calls: Call[] = [];
  let cases = 0;
  const step = async (call: Call) => {
    calls.push(call);
    const error = fail(call, calls.length);
    if (error) throw error;
  };
  const transport: Transport = {
    async upload(photo: StoredPhoto, key: string) {
      await step({ op: 'upload', key, id: photo.id });
      return `att-${photo.name}`;
    },
    async report(body, key) {
      await step({ op: 'report', key, body });
      cases += 1;
      return { id: `case-${cases}`, number: `N${cases}` };
    },
    async action(caseId, action, body, key) {
      await step({ op: `action:${action}`, key, id: caseId, body });
    },
    async patrolStart(body, key) {
      await step({ op: 'patrol-start', key, body });
      return { id: 'srv-patrol' };
    },
    async patrolPoints(id, points) {
      await step({ op: 'patrol-points', id, body: points });
    },
    async patrolEnd(id, body) {
      await step({ op: 'patrol-end', id, body });
    },
  };
  return { transport, calls };
}

let idCount = 0;
const newId = () => `id-${++idCount}`;

function makeOutbox(db: Db, transport: Transport, options: { owner?: string; now?: () => number } = {}) {
  return new Outbox({
    db,
    transport,
    runExclusive: leaseRunner(db, options.owner ?? 'tab-1'),
    newId,
    now: options.now,
    random: () => 0.5,
  });
}

const report = (description: string): Extract<NewOutboxItem, { kind: 'report' }> => ({
  kind: 'report',
  account: ACCOUNT,
  title: description,
  body: { location: { lng: 113.1, lat: 36.2 }, category: { codeSet: 'cjt214.event', code: '0104' }, description },
});
const photo = (name: string) => ({
  name,
  type: 'image/jpeg',
  bytes: new Uint8Array([0xff, 0xd8, 0xff, name.length]).buffer,
});

describe('classifyFailure', () => {
  it('retries what may not have arrived or what the server could not take now', () => {
    for (const status of [0, 408, 425, 429, 500, 502, 503, 504]) expect(classifyFailure(status)).toBe('retry');
  });
  it('waits for the user to sign in again on 401', () => {
    expect(classifyFailure(401)).toBe('signin');
  });
  it('asks the user about every other refusal', () => {
    for (const status of [400, 403, 404, 409, 410, 413, 415, 422]) expect(classifyFailure(status)).toBe('attention');
  });
});

describe('backoffMs', () => {
  it('doubles from 5 s with jitter, capped at 5 minutes, and honours a longer Retry-After', () => {
    expect(backoffMs(1, () => 0.5)).toBe(5_000);
    expect(backoffMs(2, () => 0.5)).toBe(10_000);
    expect(backoffMs(3, () => 0)).toBe(16_000);
    expect(backoffMs(30, () => 1)).toBe(Math.round(BACKOFF_MAX_MS * 1.2));
    expect(backoffMs(1, () => 0.5, 60_000)).toBe(60_000);
  });
});

describe('Outbox', () => {
  it('sends items oldest first, photos before their report, and forgets them only once acknowledged', async () => {
    const { db } = await freshDb();
    const { transport, calls } = fakeTransport();
    const outbox = makeOutbox(db, transport);
    await outbox.add(report('first'), [photo('a'), photo('bb')]);
    await outbox.add(report('second'));
    await outbox.add(report('third'), [photo('ccc')]);

    const result = await outbox.flush(ACCOUNT);

    expect(result).toEqual({ ran: true, sent: 3, failed: 0, stopped: null });
    expect(
      calls.map((c) => `${c.op}${c.op === 'report' ? `:${(c.body as { description: string }).description}` : ''}`),
    ).toEqual(['upload', 'upload', 'report:first', 'report:second', 'upload', 'report:third']);
    expect((calls[2]?.body as { attachments?: string[] } | undefined)?.attachments).toEqual(['att-a', 'att-bb']);
    expect(await outbox.list()).toEqual([]);
    expect(await db.count('photos')).toBe(0);
    expect((await outbox.sent()).map((s) => s.caseNumber)).toEqual(['N3', 'N2', 'N1']);
  });

  it('keeps the keys of an item and its photos across retries: one key per photo, one for the case', async () => {
    const { db } = await freshDb();
    // First pass: the photo goes up, the case's answer never comes back. Second pass: everything answers.
    let pass = 1;
    const { transport, calls } = fakeTransport((call) => (pass === 1 && call.op === 'report' ? networkError() : null));
    const outbox = makeOutbox(db, transport);
    const item = await outbox.add(report('kerb broken'), [photo('p1')]);
    const photoKey = item.photos[0]?.key;

    const first = await outbox.flush(ACCOUNT);
    expect(first.stopped).toBe('offline');
    const waiting = await outbox.get(item.id);
    expect(waiting).toMatchObject({ state: 'waiting', attempts: 1, key: item.key });
    expect(waiting?.photos[0]).toMatchObject({ key: photoKey, uploaded: 'att-p1' });

    // Not due yet: the backoff holds it back.
    expect((await outbox.flush(ACCOUNT)).sent).toBe(0);
    await outbox.wake(ACCOUNT);
    pass = 2;
    expect((await outbox.flush(ACCOUNT)).sent).toBe(1);

    const reports = calls.filter((c) => c.op === 'report');
    expect(reports.map((c) => c.key)).toEqual([item.key, item.key]);
    expect(calls.filter((c) => c.op === 'upload').map((c) => c.key)).toEqual([photoKey]);
    expect(reports[1]?.body).toEqual(reports[0]?.body);
  });

  it('retries an upload cut off with the same photo key', async () => {
    const { db } = await freshDb();
    let pass = 1;
    const { transport, calls } = fakeTransport((call) => (pass === 1 && call.op === 'upload' ? networkError() : null));
    const outbox = makeOutbox(db, transport);
    const item = await outbox.add(report('lamp out'), [photo('p')]);
    await outbox.flush(ACCOUNT);
    pass = 2;
    await outbox.wake(ACCOUNT);
    await outbox.flush(ACCOUNT);
    expect(calls.filter((c) => c.op === 'upload').map((c) => c.key)).toEqual([
      item.photos[0]?.key,
      item.photos[0]?.key,
    ]);
    expect(calls.filter((c) => c.op === 'report')).toHaveLength(1);
  });

  it('loses nothing when the app is closed and opened again', async () => {
    const { db, name } = await freshDb();
    const outbox = makeOutbox(db, fakeTransport(() => networkError()).transport);
    const a = await outbox.add(report('before closing'), [photo('x')]);
    const b = await outbox.add(report('second one'));
    await outbox.flush(ACCOUNT);
    db.close();

    const reopened = await openMobileDb(name);
    opened.push(reopened);
    const { transport, calls } = fakeTransport();
    const again = makeOutbox(reopened, transport);
    const items = await again.list();
    expect(items.map((i) => [i.id, i.key, i.photos.map((p) => p.key)])).toEqual([
      [a.id, a.key, a.photos.map((p) => p.key)],
      [b.id, b.key, []],
    ]);
    const bytes = await again.photo(a.photos[0]?.id ?? '');
    expect(new Uint8Array(bytes?.bytes ?? new ArrayBuffer(0))).toEqual(new Uint8Array([0xff, 0xd8, 0xff, 1]));

    await again.wake(ACCOUNT);
    expect((await again.flush(ACCOUNT)).sent).toBe(2);
    expect(calls.filter((c) => c.op === 'report').map((c) => c.key)).toEqual([a.key, b.key]);
    expect(calls.filter((c) => c.op === 'upload').map((c) => c.key)).toEqual([a.photos[0]?.key]);
  });

  it('keeps a 5xx for later, stops at no answer, and goes on after a refusal', async () => {
    const { db } = await freshDb();
    const now = 1_000_000;
    const { transport, calls } = fakeTransport((call) => {
      const d = (call.body as { description?: string } | undefined)?.description;
      if (d === 'busy') return httpError(503);
      if (d === 'bad') return httpError(422, 'URBAN_LOCATION_OUTSIDE', '位置不在任何网格内');
      if (d === 'gone') return networkError();
      return null;
    });
    const outbox = makeOutbox(db, transport, { now: () => now });
    const busy = await outbox.add(report('busy'));
    const bad = await outbox.add(report('bad'));
    await outbox.add(report('fine'));
    await outbox.add(report('gone'));
    const after = await outbox.add(report('after the network went'));

    const result = await outbox.flush(ACCOUNT);

    expect(result).toEqual({ ran: true, sent: 1, failed: 3, stopped: 'offline' });
    expect(await outbox.get(busy.id)).toMatchObject({ state: 'waiting', attempts: 1, nextAttemptAt: now + 5_000 });
    expect(await outbox.get(bad.id)).toMatchObject({
      state: 'attention',
      error: { status: 422, code: 'URBAN_LOCATION_OUTSIDE', message: '位置不在任何网格内' },
    });
    expect(await outbox.get(after.id)).toMatchObject({ state: 'waiting', attempts: 0 });
    expect(calls.map((c) => (c.body as { description: string }).description)).toEqual(['busy', 'bad', 'fine', 'gone']);
  });

  it('waits for sign-in on 401 without losing the item, and sends it after the same user signs in', async () => {
    const { db } = await freshDb();
    let signedIn = false;
    const { transport } = fakeTransport(() => (signedIn ? null : httpError(401, 'AUTH_REQUIRED')));
    const outbox = makeOutbox(db, transport);
    const events: string[] = [];
    outbox.subscribe((e) => events.push(e.type));
    const item = await outbox.add(report('after the session ended'));
    await outbox.add(report('next one'));

    expect((await outbox.flush(ACCOUNT)).stopped).toBe('signin');
    expect(events).toContain('signin-required');
    expect(await outbox.get(item.id)).toMatchObject({ state: 'signin' });
    // Not sent while the session is gone, even when asked.
    expect((await outbox.flush(ACCOUNT)).sent).toBe(0);

    signedIn = true;
    await outbox.resume(ACCOUNT);
    expect((await outbox.flush(ACCOUNT)).sent).toBe(2);
  });

  it('sends only the signed-in account’s items', async () => {
    const { db } = await freshDb();
    const { transport, calls } = fakeTransport();
    const outbox = makeOutbox(db, transport);
    await outbox.add({ ...report('someone else’s'), account: 'acc-2' });
    await outbox.add(report('mine'));
    expect((await outbox.flush(ACCOUNT)).sent).toBe(1);
    expect(calls.map((c) => (c.body as { description: string }).description)).toEqual(['mine']);
    expect(await outbox.list()).toHaveLength(1);
  });

  it('lets the user correct a refused item, sent again with the same key, or discard it with its photos', async () => {
    const { db } = await freshDb();
    const { transport, calls } = fakeTransport((call) =>
      (call.body as { category?: { code: string } } | undefined)?.category?.code === '9999'
        ? httpError(422, 'URBAN_CATEGORY_UNKNOWN')
        : null,
    );
    const outbox = makeOutbox(db, transport);
    const wrong = await outbox.add({
      ...report('wrong category'),
      body: { ...report('x').body, description: 'w', category: { codeSet: 'cjt214.event', code: '9999' } },
    } as NewOutboxItem);
    const dropped = await outbox.add(
      {
        ...report('to drop'),
        body: { ...report('y').body, category: { codeSet: 'cjt214.event', code: '9999' } },
      } as NewOutboxItem,
      [photo('z')],
    );
    await outbox.flush(ACCOUNT);
    expect((await outbox.list()).map((i) => i.state)).toEqual(['attention', 'attention']);

    await outbox.revise(wrong.id, (i) =>
      i.kind === 'report' ? { ...i, body: { ...i.body, category: { codeSet: 'cjt214.event', code: '0104' } } } : i,
    );
    await outbox.discard(dropped.id);
    expect(await db.count('photos')).toBe(0);
    expect((await outbox.flush(ACCOUNT)).sent).toBe(1);
    const reports = calls.filter((c) => c.op === 'report');
    expect(reports.map((c) => c.key)).toEqual([wrong.key, dropped.key, wrong.key]);
    expect(await outbox.list()).toEqual([]);
  });

  it('sends a patrol’s points and end only after its start, whatever else is due', async () => {
    const { db } = await freshDb();
    let startFails = true;
    const { transport, calls } = fakeTransport((call) =>
      call.op === 'patrol-start' && startFails ? httpError(503) : null,
    );
    const outbox = makeOutbox(db, transport);
    const base = { account: ACCOUNT, title: 'patrol', patrol: 'local-p' };
    await outbox.add({
      ...base,
      kind: 'patrol-start',
      body: { position: { lon: 113.1, lat: 36.2 }, startedAt: '2026-01-01T08:00:00Z' },
    });
    await outbox.add({
      ...base,
      kind: 'patrol-points',
      points: [{ at: '2026-01-01T08:01:00Z', lon: 113.1, lat: 36.2 }],
    });
    await outbox.add({ ...base, kind: 'patrol-end', body: { endedAt: '2026-01-01T08:30:00Z' } });
    await outbox.add(report('meanwhile'));

    await outbox.flush(ACCOUNT);
    expect(calls.map((c) => c.op)).toEqual(['patrol-start', 'report']);

    startFails = false;
    await outbox.wake(ACCOUNT);
    await outbox.flush(ACCOUNT);
    expect(calls.map((c) => c.op)).toEqual(['patrol-start', 'report', 'patrol-start', 'patrol-points', 'patrol-end']);
    expect(calls.slice(3).map((c) => c.id)).toEqual(['srv-patrol', 'srv-patrol']);
    expect((await db.get('patrols', 'local-p'))?.serverId).toBe('srv-patrol');
  });

  it('drops the points the server names as refused and sends the rest', async () => {
    const { db } = await freshDb();
    await db.put('patrols', {
      localId: 'p',
      account: ACCOUNT,
      serverId: 'srv',
      startedAt: '2026-01-01T08:00:00Z',
      endedAt: null,
      gridName: null,
      distanceM: 0,
      pointCount: 3,
      last: null,
    });
    const { transport, calls } = fakeTransport((_call, n) =>
      n === 1 ? httpError(422, 'PATROL_POINTS_REFUSED', '', { problems: [{ index: 1, problem: 'too-fast' }] }) : null,
    );
    const outbox = makeOutbox(db, transport);
    const points = ['08:01', '08:02', '08:03'].map((t) => ({ at: `2026-01-01T${t}:00Z`, lon: 113.1, lat: 36.2 }));
    await outbox.add({ kind: 'patrol-points', account: ACCOUNT, title: 'p', patrol: 'p', points });
    await outbox.flush(ACCOUNT);
    await outbox.flush(ACCOUNT);
    expect(calls.map((c) => (c.body as { at: string }[]).map((p) => p.at.slice(11, 16)))).toEqual([
      ['08:01', '08:02', '08:03'],
      ['08:01', '08:03'],
    ]);
    expect(await outbox.list()).toEqual([]);
  });

  it('lets one tab send at a time: two tabs flushing together send each item once', async () => {
    const { db } = await freshDb();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const calls: string[] = [];
    const slow: Transport = {
      ...fakeTransport().transport,
      async report(body) {
        calls.push(body.description);
        await gate;
        return { id: body.description, number: null };
      },
    };
    const tab1 = makeOutbox(db, slow, { owner: 'tab-1' });
    const tab2 = makeOutbox(db, slow, { owner: 'tab-2' });
    await tab1.add(report('one'));
    await tab1.add(report('two'));

    const first = tab1.flush(ACCOUNT);
    await new Promise((r) => setTimeout(r, 20));
    const second = await tab2.flush(ACCOUNT);
    release();
    expect(second.ran).toBe(false);
    expect((await first).sent).toBe(2);
    expect(calls).toEqual(['one', 'two']);
    // The lease was given back: the other tab may send now.
    await tab2.add(report('three'));
    expect(await tab2.flush(ACCOUNT)).toMatchObject({ ran: true, sent: 1 });
  });

  it('keeps actions on one case in order behind a failed earlier one', async () => {
    const { db } = await freshDb();
    const { transport, calls } = fakeTransport((call) => (call.op === 'action:verify-confirm' ? httpError(500) : null));
    const outbox = makeOutbox(db, transport);
    const action = (name: string, caseId: string): NewOutboxItem => ({
      kind: 'action',
      account: ACCOUNT,
      title: name,
      caseId,
      caseNumber: null,
      action: name,
      actionName: name,
      body: { version: 3 },
    });
    await outbox.add(action('verify-confirm', 'c1'));
    await outbox.add(action('check-pass', 'c1'));
    await outbox.add(action('check-pass', 'c2'));
    await outbox.flush(ACCOUNT);
    expect(calls.map((c) => `${c.op}@${c.id}`)).toEqual(['action:verify-confirm@c1', 'action:check-pass@c2']);
    const left: OutboxItem[] = await outbox.list();
    expect(left.map((i) => i.title)).toEqual(['verify-confirm', 'check-pass']);
  });
});
