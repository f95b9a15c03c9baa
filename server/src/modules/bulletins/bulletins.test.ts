import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { createTestApp, loginAs, TEST_ENGINE, type TestApp } from '../../../test/app.ts';
import { marchOfActivity } from '../../../test/urban-month.ts';
import { operatorActor } from '../../platform/access.ts';
import { chartOf } from './bulletins.document.ts';
import { bulletinsRecurringJobs } from './bulletins.jobs.ts';
import { render } from './bulletins.service.ts';
import { readZip } from './bulletins.zip.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface Figure {
  numerator: number;
  denominator: number;
  rate: number | null;
}
interface RankRow {
  key: string;
  name: string;
  figures: Record<string, Figure>;
  composite: number | null;
}
interface Bulletin {
  id: string;
  number: string;
  title: string;
  generatedAt: string;
  docxSha256: string;
  xlsxSha256: string;
  figures: {
    total: RankRow;
    units: RankRow[];
    divisions: RankRow[];
    overdue: { number: string; unit: string; dueAt: string; daysOverdue: number; category: string }[];
    indicators: { key: string; name: string }[];
    previous: { from: string; total: RankRow } | null;
    issuer: string;
  };
}

const triple = (r: RankRow) =>
  Object.fromEntries(Object.entries(r.figures).map(([k, f]) => [k, [f.numerator, f.denominator, f.rate]]));
const pct = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(2)}%`);
const compact = (s: string) => s.replace(/\s+/g, '');
const docxText = (docx: Buffer) => {
  const xml = readZip(docx)
    .find((e) => e.name === 'word/document.xml')!
    .data.toString('utf8');
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
};

describe(`bulletins: the monthly bulletin of a hand-built month (${TEST_ENGINE})`, () => {
  let t: TestApp;
  let A: string;
  const as: Record<string, Record<string, string>> = {};
  let issued: Bulletin;
  let docx: Buffer;
  let xlsx: Buffer;

  before(async () => {
    t = await createTestApp({ demo: true });
    const month = await marchOfActivity(t);
    A = month.A;
    month.loop.at('2026-04-01 08:00'); // as the scheduler would: the morning after the month
    for (const name of ['leader', 'dispatcher', 'supervisor', 'handler']) as[name] = await loginAs(t, name);
    const r = await t.inject({
      method: 'POST',
      url: '/api/bulletins',
      headers: as.leader!,
      payload: { kind: 'month', period: '2026-03-15', division: '1404' },
    });
    assert.equal(r.statusCode, 201, r.body);
    issued = r.json();
    const file = async (which: string) => {
      const res = await t.inject({ method: 'GET', url: `/api/bulletins/${issued.id}/${which}`, headers: as.leader! });
      assert.equal(res.statusCode, 200, res.body);
      return res;
    };
    const d = await file('docx');
    docx = d.rawPayload;
    assert.match(String(d.headers['content-disposition']), /filename\*=UTF-8''/);
    assert.ok(decodeURIComponent(String(d.headers['content-disposition']).split("''")[1]!).endsWith('.docx'));
    xlsx = (await file('xlsx')).rawPayload;
  });
  after(() => t.close());

  test('the archived figures are the hand-built month’s, as numbers', () => {
    const f = issued.figures;
    assert.equal(issued.number, '长城管通〔2026〕1号');
    assert.equal(issued.title, '关于2026年3月城市管理问题处置情况的通报');
    assert.equal(f.issuer, '长治市城市管理局');
    assert.deepEqual(triple(f.total), {
      closedOnTimeRate: [4, 6, 0.6667],
      closureRate: [5, 6, 0.8333],
      handlingRate: [5, 6, 0.8333],
      handledOnTimeRate: [4, 6, 0.6667],
      reworkRate: [1, 6, 0.1667],
      closedLateRate: [1, 6, 0.1667],
      extensionRate: [1, 6, 0.1667],
      overduePendingRate: [1, 6, 0.1667],
      returnRate: [1, 11, 0.0909],
      satisfactionRate: [1, 2, 0.5],
      firstTimeRate: [2, 5, 0.4],
      checkedOnTimeRate: [6, 7, 0.8571],
      validReportRate: [8, 9, 0.8889],
    });
    assert.equal(f.total.composite, 80);
    assert.deepEqual(
      f.units.map((u) => [u.name, u.composite]),
      [
        ['潞州区园林绿化队', 85],
        ['潞州区市政维修队', 77.5],
      ],
    );
    assert.deepEqual(triple(f.units[1]!).closedOnTimeRate, [2, 4, 0.5]);
    assert.deepEqual(
      f.divisions.map((d) => [d.key, d.name, d.composite]),
      [['140403', '潞州区', 80]],
    );
    assert.deepEqual(
      f.overdue.map((o) => [o.number, o.unit, o.dueAt, o.daysOverdue]),
      [['T00006', '潞州区市政维修队', '2026-03-26 09:30', 5]],
    );
    assert.equal(f.previous?.from, '2026-02-01');
    assert.equal(f.previous?.total.figures.handlingRate?.denominator, 0);
  });

  test('the figures are the indicators API’s, and the document prints them', async () => {
    const r = await t.inject({
      method: 'GET',
      url: '/api/indicators?period=month&date=2026-03-01&by=unit&division=1404',
      headers: as.leader!,
    });
    const table = r.json() as {
      total: { figures: { key: string; numerator: number; denominator: number; rate: number | null }[] };
    };
    for (const fig of table.total.figures)
      assert.deepEqual(issued.figures.total.figures[fig.key], {
        numerator: fig.numerator,
        denominator: fig.denominator,
        rate: fig.rate,
      });
    const text = docxText(docx);
    for (const s of [
      '长治市城市管理局',
      '长城管通〔2026〕1号',
      '关于2026年3月城市管理问题处置情况的通报',
      '各县区城市管理局、各相关单位:',
      '2026年3月1日至2026年3月31日',
      '应处置城市管理问题6件,已处置5件,处置率83.33%',
      '已结案5件,结案率83.33%',
      '按期结案4件,按期结案率66.67%',
      '返工1件,返工率16.67%',
      '满意率50.00%',
      '综合评价得分80.00分',
      'T00006',
      '2026-03-26 09:30',
      '2026年4月1日',
    ])
      assert.ok(text.includes(s), `the document says ${s}`);
    assert.ok(readZip(docx).some((e) => e.name.startsWith('word/media/') && e.name.endsWith('.png')));
  });

  test('the chart is a picture, not a blank', async () => {
    const png = await chartOf(issued.figures as never);
    const stats = await sharp(png).stats();
    const meta = await sharp(png).metadata();
    assert.equal(meta.format, 'png');
    assert.ok(
      stats.channels.slice(0, 3).every((c) => c.min < 100 && c.max > 200),
      'dark marks on white',
    );
  });

  test('a bulletin is made again from its archive byte for byte', async () => {
    assert.equal(sha(docx), issued.docxSha256);
    assert.equal(sha(xlsx), issued.xlsxSha256);
    t.clock.advance(3_600_000); // later: nothing of "now" may leak into the files
    for (const name of ['leader', 'dispatcher', 'supervisor', 'handler']) as[name] = await loginAs(t, name);
    const r = await t.inject({ method: 'POST', url: `/api/bulletins/${issued.id}/regenerate`, headers: as.leader! });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().identical, true, JSON.stringify(r.json()));
    assert.equal(r.json().docx.sha256, issued.docxSha256);
    const row = await t.inject({ method: 'GET', url: `/api/bulletins/${issued.id}`, headers: as.leader! });
    const again = await render({ figures: row.json().figures, generatedAt: new Date(row.json().generatedAt) });
    assert.equal(sha(again.docx), sha(docx));
    assert.equal(sha(again.xlsx), sha(xlsx));
  });

  test('scope: the bulletins of one’s area; issuing needs bulletins.manage and the division in one’s area', async () => {
    const list = await t.inject({ method: 'GET', url: '/api/bulletins', headers: as.dispatcher! });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json().items.map((b: Bulletin) => b.number),
      ['长城管通〔2026〕1号'],
    );
    // The supervisor's area is 潞州区: the city's bulletin is not there for them.
    const theirs = await t.inject({ method: 'GET', url: '/api/bulletins', headers: as.supervisor! });
    assert.deepEqual(theirs.json().items, []);
    const one = await t.inject({ method: 'GET', url: `/api/bulletins/${issued.id}`, headers: as.supervisor! });
    assert.equal(one.statusCode, 404);
    const file = await t.inject({ method: 'GET', url: `/api/bulletins/${issued.id}/docx`, headers: as.supervisor! });
    assert.equal(file.statusCode, 404);
    const issue = await t.inject({
      method: 'POST',
      url: '/api/bulletins',
      headers: as.dispatcher!,
      payload: { kind: 'month', period: '2026-03-15', division: '1404' },
    });
    assert.equal(issue.statusCode, 403);
    const outside = await t.inject({
      method: 'POST',
      url: '/api/bulletins',
      headers: as.leader!,
      payload: { kind: 'half-month', period: '2026-03-15', division: '1405' },
    });
    assert.equal(outside.statusCode, 403);
    // A county's half-month: its own number sequence and the salutation of a county.
    const county = await t.inject({
      method: 'POST',
      url: '/api/bulletins',
      headers: as.leader!,
      payload: { kind: 'half-month', period: '2026-03-10', division: '140403' },
    });
    assert.equal(county.statusCode, 201, county.body);
    assert.equal(county.json().number, '潞城管督〔2026〕1号');
    assert.equal(county.json().title, '关于2026年3月上半月城市管理问题处置情况的督查通报');
    assert.deepEqual(
      county.json().figures.units.map((u: RankRow) => [u.key === A, triple(u).closedOnTimeRate]),
      [
        [false, [1, 1, 1]],
        [true, [1, 2, 0.5]],
      ],
    );
    const supervisors = await t.inject({ method: 'GET', url: '/api/bulletins', headers: as.supervisor! });
    assert.deepEqual(
      supervisors.json().items.map((b: Bulletin) => b.number),
      ['潞城管督〔2026〕1号'],
    );
  });

  test('LibreOffice opens the .docx and the .xlsx (headless, to PDF) and reads the API’s figures', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'civicgrid-bulletin-'));
    try {
      writeFileSync(path.join(dir, 'bulletin.docx'), docx);
      writeFileSync(path.join(dir, 'appendix.xlsx'), xlsx);
      execFileSync(
        'soffice',
        [
          `-env:UserInstallation=file://${dir}/profile`,
          '--headless',
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          path.join(dir, 'bulletin.docx'),
          path.join(dir, 'appendix.xlsx'),
        ],
        { stdio: 'pipe', timeout: 180_000 },
      );
      const pdfText = (name: string) => {
        execFileSync('pdftotext', ['-layout', path.join(dir, `${name}.pdf`), path.join(dir, `${name}.txt`)]);
        return readFileSync(path.join(dir, `${name}.txt`), 'utf8');
      };
      const f = issued.figures;
      const total = f.total.figures;
      // The Word document: the summary's figures, the ranking's scores, the overdue case.
      const doc = compact(pdfText('bulletin'));
      for (const s of [
        issued.number,
        `应处置城市管理问题${total.handlingRate!.denominator}件,已处置${total.handlingRate!.numerator}件`,
        `处置率${pct(total.handlingRate!.rate)}`,
        `结案率${pct(total.closureRate!.rate)}`,
        `按期结案率${pct(total.closedOnTimeRate!.rate)}`,
        `返工率${pct(total.reworkRate!.rate)}`,
        `满意率${pct(total.satisfactionRate!.rate)}`,
        `综合评价得分${f.total.composite!.toFixed(2)}分`,
        ...f.units.map((u) => u.composite!.toFixed(2)),
        f.overdue[0]!.number,
      ])
        assert.ok(doc.includes(s), `the PDF of the .docx says ${s}`);
      // The workbook: every indicator of the total with its numerator, denominator and rate.
      const lines = pdfText('appendix').split('\n');
      for (const ind of f.indicators) {
        const v = total[ind.key]!;
        const line = lines
          .map((l) => l.trim().split(/\s{2,}|\s(?=\d)|(?<=\d)\s/))
          .find((cells) => cells[0] === '长治市(合计)' && cells[1] === ind.name);
        assert.ok(line, `the appendix has ${ind.name} of the total`);
        const numbers = line.filter((c) => /^[\d.]+%?$/.test(c) || c === '—');
        assert.deepEqual(numbers.slice(0, 2), [String(v.numerator), String(v.denominator)], ind.name);
        if (v.rate !== null) assert.equal(numbers[2], pct(v.rate), ind.name);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the scheduler issues the month just ended, once', async () => {
    const [, monthly] = bulletinsRecurringJobs('1404');
    t.clock.set(new Date('2026-04-30T04:00:00Z'));
    await t.ctx.scheduler.ensureRecurring(monthly!); // next: 05-01 08:30
    t.clock.set(new Date('2026-05-01T00:31:00Z')); // 05-01 08:31 in Shanghai
    await t.ctx.scheduler.tick();
    const scheduled = async () =>
      (
        await t.ctx.bulletins.list(operatorActor(), { kind: 'month', division: '1404', page: 1, pageSize: 10 })
      ).items.filter((b) => b.generatedBy === 'scheduler');
    for (let i = 0; i < 100 && (await scheduled()).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    const [april] = await scheduled();
    assert.ok(april, 'a bulletin issued by the scheduler');
    assert.equal(april.periodFrom, '2026-04-01');
    assert.equal(april.periodTo, '2026-04-30');
    assert.equal(april.number, '长城管通〔2026〕2号');
    const again = await t.ctx.bulletins.generateScheduled('month', '2026-04-30', '1404');
    assert.equal(again.id, april.id);
  });

  test('two bulletins of one division issued at once: two numbers, or the later told to try again — never a 500', async () => {
    const leader = await loginAs(t, 'leader'); // the clock has moved past the morning's session
    const issue = () =>
      t.inject({
        method: 'POST',
        url: '/api/bulletins',
        headers: leader,
        payload: { kind: 'half-month', period: '2026-03-20', division: '140403' },
      });
    const answers = await Promise.all([issue(), issue()]);
    const statuses = answers.map((r) => r.statusCode).sort();
    assert.ok(statuses[0] === 201 && (statuses[1] === 201 || statuses[1] === 409), statuses.join());
    const issuedNow = answers.filter((r) => r.statusCode === 201).map((r) => r.json().number);
    assert.equal(new Set(issuedNow).size, issuedNow.length, 'no number twice');
    for (const r of answers.filter((a) => a.statusCode === 409)) {
      assert.equal(r.json().error.code, 'BULLETIN_NUMBER_TAKEN');
      assert.match(r.json().error.message, /请稍后重新生成/);
    }
  });

  test('a retry with the same Idempotency-Key answers the bulletin first issued and takes no second number', async () => {
    const leader = await loginAs(t, 'leader');
    const issue = () =>
      t.inject({
        method: 'POST',
        url: '/api/bulletins',
        headers: { ...leader, 'idempotency-key': 'bulletin-2026-03-h1-140403' },
        payload: { kind: 'half-month', period: '2026-03-05', division: '140403' },
      });
    const first = await issue();
    assert.equal(first.statusCode, 201, first.body);
    const again = await issue();
    assert.equal(again.statusCode, 201, again.body);
    assert.equal(again.json().id, first.json().id);
    assert.equal(again.json().number, first.json().number);
  });
});
