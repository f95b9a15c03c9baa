import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { Applied } from '../src/engine/case-engine.ts';
import { type Actor, operatorActor, PERMISSIONS } from '../src/platform/access.ts';
import type { TestApp } from './app.ts';

/**
 * The urban loop driven through the case engine at given business times, without HTTP and sign-ins: one actor
 * holding every role of the loop, member of the units it dispatches to, whose account checks and verifies.
 * For tests that need many cases with explicit times (indicators); the workflow's rules still all apply.
 */
export interface UrbanLoop {
  actor: Actor;
  units: Record<string, string>;
  photo: string;
  /** Business time `YYYY-MM-DD HH:mm` (Shanghai) → the test clock. */
  at(local: string): void;
  report(
    local: string,
    place: { division: string; grid: string | null },
    options?: { channel?: string; category?: string; action?: 'report' | 'self-resolve' },
  ): Promise<string>;
  act(local: string, caseId: string, action: string, inputs?: Record<string, unknown>): Promise<Applied>;
}

const ROLES = [
  'gridworker',
  'supervisor',
  'acceptor',
  'operator',
  'dutychief',
  'dispatcher',
  'handler',
  'stationstaff',
];

/** Actions that need photos (the workflow's minimum): one uploaded photo is named. */
const PHOTOS: Record<string, number> = {
  'self-resolve': 2,
  'verify-confirm': 1,
  'verify-refute': 1,
  feedback: 1,
  'check-pass': 1,
  'check-fail': 1,
};

export async function urbanLoop(t: TestApp, unitNames: string[], ownerDivision = '140403001'): Promise<UrbanLoop> {
  const op = operatorActor();
  const units: Record<string, string> = {};
  for (const name of unitNames)
    units[name] = (await t.ctx.access.createOrgUnit(op, { name, kind: 'department', divisionCode: '140403' })).id;
  const { account } = await t.ctx.identity.createUser(
    op,
    {
      username: `loop.${Math.random().toString(36).slice(2, 8)}`,
      password: 'Loop-2026-civicgrid',
      displayName: '全流程测试员',
      ownerDivision,
      mustChangePassword: false,
    },
    undefined,
    { bypassPasswordPolicy: true },
  );
  const actor: Actor = {
    kind: 'user',
    id: account.id,
    personId: null,
    displayName: '全流程测试员',
    roles: ROLES,
    permissions: new Set(PERMISSIONS),
    scope: { divisions: [''], grids: [], orgUnits: Object.values(units) },
    sessionId: null,
  };
  const photos: string[] = [];
  for (const background of ['#6a6', '#888']) {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background } })
      .png()
      .toBuffer();
    photos.push((await t.ctx.files.upload(op, { content: png, filename: 'site.png', ownerDivision })).id);
  }
  const photo = photos[0] as string;
  const at = (local: string) => {
    const iso = `${local.replace(' ', 'T')}:00+08:00`;
    assert.ok(!Number.isNaN(Date.parse(iso)), `a business time: ${local}`);
    t.clock.set(iso);
  };
  let n = 0;
  return {
    actor,
    units,
    photo,
    at,
    async report(local, place, options = {}) {
      at(local);
      const action = options.action ?? 'report';
      const opened = await t.ctx.engine.open(actor, 'urban', action, {
        divisionCode: place.division,
        gridCode: place.grid,
        number: `T${String(++n).padStart(5, '0')}`,
        data: {
          channel: options.channel ?? 'grid',
          category: { code: options.category ?? '0102', nameZh: '道路不洁', nameEn: 'dirty road' },
        },
        inputs: { description: '测试案件' },
        attachments: photos.slice(0, PHOTOS[action] ?? 0),
      });
      return opened.case.id;
    },
    async act(local, caseId, action, inputs = {}) {
      at(local);
      return t.ctx.engine.apply(actor, caseId, action, {
        inputs,
        attachments: photos.slice(0, PHOTOS[action] ?? 0),
      });
    },
  };
}
