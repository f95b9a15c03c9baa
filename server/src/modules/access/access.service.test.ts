import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { type Actor, operatorActor, PERMISSIONS } from '../../platform/access.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { BUILTIN_ROLES } from './access.catalogue.ts';
import type { AccessService, OrgUnitKind } from './access.service.ts';
import { isValidUscc, usccCheckCharacter } from './access.uscc.ts';

const OPERATOR = operatorActor();
const LUZHOU = '140403';
const QINYUAN = '140431';
const DONGJIE = '140403001';

/** Rejects with an AppError of this code (and returns it, for further checks). */
async function refused(promise: Promise<unknown>, code: string): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof AppError, `expected AppError ${code}, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail(`expected ${code}, but it succeeded`);
}

/** An account, written straight into the identity tables (this module only needs its id). */
async function account(
  t: TestApp,
  name: string,
  division = '1404',
): Promise<{ id: string; personId: string; displayName: string }> {
  const id = newId();
  const personId = newId();
  const now = t.clock.now();
  await t.ctx.database.query(
    'INSERT INTO person (id, display_name, owner_division, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)',
    [personId, name, division, now],
  );
  await t.ctx.database.query(
    `INSERT INTO account (id, person_id, username, password_hash, status, failed_attempts, must_change_password,
       password_changed_at, totp_enabled, owner_division, created_at, updated_at)
     VALUES ($1, $2, $3, 'not-a-hash', 'active', 0, false, $4, false, $5, $4, $4)`,
    [id, personId, `u-${id}`, now, division],
  );
  return { id, personId, displayName: name };
}

describe('roles and data scopes', () => {
  let t: TestApp;
  let access: AccessService;
  let mediationRoom: string;
  let qinyuanUnit: string;

  const unit = async (name: string, kind: OrgUnitKind, divisionCode: string, parentId: string | null = null) =>
    (await access.createOrgUnit(OPERATOR, { name, kind, divisionCode, parentId })).id;

  /** Grants a role with the operator and returns the actor the account then is. */
  const actorWith = async (grants: { role: string; division: string }[], name = 'someone'): Promise<Actor> => {
    const a = await account(t, name);
    for (const g of grants) {
      await access.grant(OPERATOR, {
        accountId: a.id,
        roleCode: g.role,
        scopeKind: 'division',
        scopeValues: [g.division],
      });
    }
    return access.actorFor(a, null);
  };

  before(async () => {
    t = await createTestApp();
    access = t.ctx.access;
    const county = await unit('潞州区人民政府', 'government', LUZHOU);
    mediationRoom = await unit('东街街道人民调解委员会', 'mediation_room', DONGJIE, county);
    qinyuanUnit = await unit('沁源县人民政府', 'government', QINYUAN);
  });
  after(() => t.close());

  test('the built-in roles are there, with the permissions of the catalogue', async () => {
    const roles = await access.roles();
    for (const r of BUILTIN_ROLES) {
      const stored = roles.find((x) => x.code === r.code);
      assert.ok(stored, r.code);
      assert.deepEqual(stored.permissions, [...r.permissions]);
      assert.equal(stored.builtin, 'yes');
    }
    const auditor = roles.find((r) => r.code === 'auditor')!;
    assert.deepEqual(auditor.permissions, ['audit.read'], 'the audit administrator reads the audit log only');
    const sysadmin = roles.find((r) => r.code === 'sysadmin')!;
    assert.ok(!sysadmin.permissions.includes('audit.read'), 'the system administrator cannot read the audit log');
    assert.ok(!sysadmin.permissions.includes('personal-data.unmask'), '…nor unmask personal data');
  });

  test('an actor holds the union of the permissions and scopes of its grants in force, not of revoked ones', async () => {
    const a = await account(t, '李娜');
    const g = (roleCode: string, scopeKind: 'division' | 'grids' | 'org_unit', scopeValues: string[]) =>
      access.grant(OPERATOR, { accountId: a.id, roleCode, scopeKind, scopeValues });
    await g('dutychief', 'division', [QINYUAN]);
    await g('dutychief', 'division', [`${QINYUAN}101`]); // inside the county: adds nothing
    await g('gridworker', 'grids', ['140403001001002', '140403001001001', '140403001001002']);
    await g('mediator', 'org_unit', [mediationRoom]);
    const leader = await g('leader', 'division', ['1404']);
    await access.revoke(OPERATOR, leader.id);

    const actor = await access.actorFor(a, 'session-1');
    assert.equal(actor.kind, 'user');
    assert.equal(actor.id, a.id);
    assert.equal(actor.personId, a.personId);
    assert.equal(actor.displayName, '李娜');
    assert.equal(actor.sessionId, 'session-1');
    assert.deepEqual(actor.roles, ['dutychief', 'gridworker', 'mediator']);
    assert.deepEqual([...actor.permissions].sort(), [
      'bulletins.manage',
      'bulletins.read',
      'cases.read',
      'files.read',
      'files.upload',
      'grids.read',
      'indicators.read',
      'patrols.read',
      'patrols.record',
      'people.manage',
      'people.read',
      'personal-data.unmask',
      'routing.manage',
      'routing.read',
    ]);
    assert.ok(!actor.permissions.has('system.status.read'), 'the revoked leader grant gives nothing');
    assert.deepEqual(actor.scope.divisions, [DONGJIE, QINYUAN], 'the org unit brings its division; 1404 was revoked');
    assert.deepEqual(actor.scope.grids, ['140403001001001', '140403001001002']);
    assert.deepEqual(actor.scope.orgUnits, [mediationRoom]);
  });

  test('an account without grants may do nothing, anywhere', async () => {
    const actor = await access.actorFor(await account(t, '王强'), null);
    assert.equal(actor.permissions.size, 0);
    assert.deepEqual(actor.scope, { divisions: [], grids: [], orgUnits: [] });
  });

  test('a permission a stored role names but the code no longer knows grants nothing', async () => {
    await access.createRole(OPERATOR, {
      code: 'archivist',
      nameZh: '档案员',
      nameEn: 'Archivist',
      permissions: ['files.read'],
    });
    await t.ctx.database.query(
      `UPDATE role SET permissions = '["files.read", "cases.retired-permission"]'::jsonb WHERE code = 'archivist'`,
    );
    const actor = await actorWith([{ role: 'archivist', division: LUZHOU }]);
    assert.deepEqual([...actor.permissions], ['files.read']);
  });

  test('a county security administrator grants within the county and nowhere else', async () => {
    const secadmin = await actorWith([{ role: 'secadmin', division: LUZHOU }], '潞州区安全管理员');
    const handler = await account(t, '赵磊', LUZHOU);
    const granted = await access.grant(secadmin, {
      accountId: handler.id,
      roleCode: 'handler',
      scopeKind: 'division',
      scopeValues: [DONGJIE],
    });
    assert.equal(granted.ownerDivision, DONGJIE);
    assert.equal(granted.grantedBy, secadmin.id);

    const elsewhere = { accountId: handler.id, roleCode: 'handler' } as const;
    await refused(
      access.grant(secadmin, { ...elsewhere, scopeKind: 'division', scopeValues: [QINYUAN] }),
      'OUT_OF_SCOPE',
    );
    await refused(
      access.grant(secadmin, { ...elsewhere, scopeKind: 'division', scopeValues: ['1404'] }),
      'OUT_OF_SCOPE',
    );
    await refused(access.grant(secadmin, { ...elsewhere, scopeKind: 'division', scopeValues: [''] }), 'OUT_OF_SCOPE');
    await refused(
      access.grant(secadmin, { ...elsewhere, scopeKind: 'org_unit', scopeValues: [qinyuanUnit] }),
      'OUT_OF_SCOPE',
    );
    await refused(
      access.grant(secadmin, { ...elsewhere, scopeKind: 'grids', scopeValues: ['140403001001001', '140431101001001'] }),
      'OUT_OF_SCOPE',
    );
    const err = await refused(
      access.grant(secadmin, { ...elsewhere, scopeKind: 'division', scopeValues: [QINYUAN] }),
      'OUT_OF_SCOPE',
    );
    assert.equal(err.status, 403);

    // Revoking follows the same rule.
    const qinyuanGrant = await access.grant(OPERATOR, { ...elsewhere, scopeKind: 'division', scopeValues: [QINYUAN] });
    await refused(access.revoke(secadmin, qinyuanGrant.id), 'OUT_OF_SCOPE');
    // …and the county administrator sees only the county's grants of the account.
    const seen = await access.grantsOf(secadmin, handler.id);
    assert.deepEqual(
      seen.map((g) => g.id),
      [granted.id],
    );
    const revoked = await access.revoke(secadmin, granted.id);
    assert.ok(revoked.revokedAt);
    assert.equal(revoked.revokedBy, secadmin.id);
    await refused(access.revoke(secadmin, granted.id), 'GRANT_ALREADY_REVOKED');
  });

  test('nobody grants a role to themselves', async () => {
    const secadmin = await actorWith([{ role: 'secadmin', division: '' }], '全市安全管理员');
    const err = await refused(
      access.grant(secadmin, {
        accountId: secadmin.id!,
        roleCode: 'leader',
        scopeKind: 'division',
        scopeValues: ['1404'],
      }),
      'GRANT_SELF',
    );
    assert.equal(err.status, 403);
    assert.match(err.messageIn('en-US'), /cannot grant a role to yourself/);
    assert.match(err.messageIn('zh-CN'), /不能给自己授予角色/);
  });

  test('the system, security and audit administrators stay three different accounts (三员分立)', async () => {
    const a = await account(t, '系统管理员');
    const sys = await access.grant(OPERATOR, {
      accountId: a.id,
      roleCode: 'sysadmin',
      scopeKind: 'division',
      scopeValues: [''],
    });
    const asSecadmin = { accountId: a.id, roleCode: 'secadmin', scopeKind: 'division', scopeValues: [''] } as const;
    const err = await refused(access.grant(OPERATOR, asSecadmin), 'GRANT_ADMIN_SEPARATED');
    assert.equal(err.status, 409);
    assert.match(err.messageIn('en-US'), /system, security and audit administrators are kept apart/);
    assert.match(err.messageIn('zh-CN'), /三员分立/);
    await refused(access.grant(OPERATOR, { ...asSecadmin, roleCode: 'auditor' }), 'GRANT_ADMIN_SEPARATED');
    // Nor may the system administrator unmask personal data through a business role.
    await refused(access.grant(OPERATOR, { ...asSecadmin, roleCode: 'acceptor' }), 'GRANT_ADMIN_PERSONAL_DATA');
    // The same administrator role on another scope, and roles without such powers, are fine.
    await access.grant(OPERATOR, { ...asSecadmin, roleCode: 'sysadmin', scopeValues: [LUZHOU] });
    await access.grant(OPERATOR, { ...asSecadmin, roleCode: 'leader', scopeValues: ['1404'] });

    // Separation holds for roles a city makes, too.
    await refused(
      access.createRole(OPERATOR, {
        code: 'superuser',
        nameZh: '超级管理员',
        nameEn: 'Superuser',
        permissions: ['identity.users.manage', 'audit.read'],
      }),
      'ROLE_DUTIES_MIXED',
    );
    await access.createRole(OPERATOR, {
      code: 'reader',
      nameZh: '查阅员',
      nameEn: 'Reader',
      permissions: ['files.read'],
    });
    await access.grant(OPERATOR, { ...asSecadmin, roleCode: 'reader', scopeValues: ['1404'] });
    await refused(
      access.updateRole(OPERATOR, 'reader', { permissions: ['files.read', 'audit.read'] }),
      'ROLE_CHANGE_BREAKS_SEPARATION',
    );

    // Once the system administrator role is gone from the account, it may become the auditor.
    for (const g of await access.grantsOf(OPERATOR, a.id))
      if (g.roleCode === 'sysadmin') await access.revoke(OPERATOR, g.id);
    assert.ok(sys.id);
    await access.grant(OPERATOR, { ...asSecadmin, roleCode: 'auditor' });
    const actor = await access.actorFor(a, null);
    assert.ok(actor.permissions.has('audit.read'));
    assert.ok(!actor.permissions.has('identity.users.manage'));
  });

  test('a grant names an existing account, role and scope, once', async () => {
    const a = await account(t, '刘洋');
    const base = { accountId: a.id, roleCode: 'volunteer', scopeKind: 'division', scopeValues: [DONGJIE] } as const;
    await refused(access.grant(OPERATOR, { ...base, roleCode: 'no-such-role' }), 'ROLE_NOT_FOUND');
    await refused(access.grant(OPERATOR, { ...base, scopeValues: [DONGJIE, LUZHOU] }), 'GRANT_SCOPE_INVALID');
    await refused(access.grant(OPERATOR, { ...base, scopeValues: ['14040'] }), 'GRANT_SCOPE_INVALID');
    await refused(
      access.grant(OPERATOR, { ...base, scopeKind: 'grids', scopeValues: ['1404030010010'] }),
      'GRANT_SCOPE_INVALID',
    );
    await refused(
      access.grant(OPERATOR, { ...base, scopeKind: 'org_unit', scopeValues: [newId()] }),
      'ORG_UNIT_NOT_FOUND',
    );
    await access.grant(OPERATOR, base);
    await refused(access.grant(OPERATOR, base), 'GRANT_EXISTS');
    await refused(access.revoke(OPERATOR, newId()), 'GRANT_NOT_FOUND');

    // An unknown account is refused without spoiling the caller's transaction.
    await t.ctx.database.db.transaction(async (tx) => {
      await refused(access.grant(OPERATOR, { ...base, accountId: newId() }, tx), 'ACCOUNT_NOT_FOUND');
      const other = await access.grant(OPERATOR, { ...base, roleCode: 'resident' }, tx);
      assert.equal(other.accountId, a.id);
    });
    assert.deepEqual((await access.grantsOf(OPERATOR, a.id)).map((g) => g.roleCode).sort(), ['resident', 'volunteer']);
  });

  test('grants and revocations are on the audit record', async () => {
    const a = await account(t, '周敏');
    const g = await access.grant(OPERATOR, {
      accountId: a.id,
      roleCode: 'supervisor',
      scopeKind: 'division',
      scopeValues: [LUZHOU],
    });
    await access.revoke(OPERATOR, g.id);
    const page = await t.ctx.audit.list(OPERATOR, { page: 1, pageSize: 10, sort: [] }, { targetId: a.id });
    const actions = page.items.map((r) => r.action).sort();
    assert.deepEqual(actions, ['access.grant.created', 'access.grant.revoked']);
    assert.ok(page.items.every((r) => r.ownerDivision === LUZHOU));
  });

  test('roles: a city makes and changes its own; the built-in ones stay as the code has them', async () => {
    const created = await access.createRole(OPERATOR, {
      code: 'inspector',
      nameZh: '巡查员',
      nameEn: 'Inspector',
      permissions: ['files.upload', 'files.read', 'files.read'],
    });
    assert.equal(created.builtin, 'no');
    assert.deepEqual(created.permissions, ['files.upload', 'files.read'], 'in catalogue order, once each');
    await refused(
      access.createRole(OPERATOR, { code: 'inspector', nameZh: '重复', nameEn: 'Again', permissions: [] }),
      'ROLE_EXISTS',
    );
    await refused(
      access.createRole(OPERATOR, { code: 'leader', nameZh: '领导', nameEn: 'Leader', permissions: [] }),
      'ROLE_EXISTS',
    );
    const updated = await access.updateRole(OPERATOR, 'inspector', {
      nameZh: '城管巡查员',
      permissions: ['files.read'],
    });
    assert.equal(updated.nameZh, '城管巡查员');
    assert.equal(updated.nameEn, 'Inspector');
    assert.deepEqual(updated.permissions, ['files.read']);
    await refused(access.updateRole(OPERATOR, 'leader', { nameZh: '首长' }), 'ROLE_BUILTIN');
    await refused(access.updateRole(OPERATOR, 'nobody', { nameZh: '无' }), 'ROLE_NOT_FOUND');

    // A role held outside a county is not that county's to change.
    const holder = await account(t, '孙丽');
    await access.grant(OPERATOR, {
      accountId: holder.id,
      roleCode: 'inspector',
      scopeKind: 'division',
      scopeValues: [QINYUAN],
    });
    const countySecadmin = await actorWith([{ role: 'secadmin', division: LUZHOU }]);
    await refused(access.updateRole(countySecadmin, 'inspector', { nameEn: 'Patrol' }), 'ROLE_HOLDERS_OUT_OF_SCOPE');

    // Permissions and roles need their permissions.
    const gridworker = await actorWith([{ role: 'gridworker', division: DONGJIE }]);
    await refused(access.listRoles(gridworker, { page: 1, pageSize: 20, sort: [] }), 'FORBIDDEN');
    await refused(
      access.createRole(gridworker, { code: 'mine', nameZh: '我的', nameEn: 'Mine', permissions: [] }),
      'FORBIDDEN',
    );
    await refused(
      access.grant(gridworker, {
        accountId: holder.id,
        roleCode: 'resident',
        scopeKind: 'division',
        scopeValues: [DONGJIE],
      }),
      'FORBIDDEN',
    );
    assert.deepEqual(
      access.permissions(OPERATOR).map((p) => p.code),
      [...PERMISSIONS],
    );
  });

  test('the built-in roles are refreshed at start, and a city’s own roles are left alone', async () => {
    assert.deepEqual(await access.ensureBuiltinRoles(), [], 'nothing changed, nothing written');
    await t.ctx.database.query(`UPDATE role SET permissions = '["audit.read"]'::jsonb WHERE code = 'leader'`);
    const customBefore = (await access.roles()).find((r) => r.code === 'inspector');
    assert.deepEqual(await access.ensureBuiltinRoles(), ['leader']);
    const roles = await access.roles();
    assert.deepEqual(roles.find((r) => r.code === 'leader')!.permissions, [
      'cases.read',
      'grids.read',
      'patrols.read',
      'people.read',
      'files.read',
      'system.status.read',
      'routing.read',
      'indicators.read',
      'bulletins.read',
      'bulletins.manage',
    ]);
    assert.deepEqual(
      roles.find((r) => r.code === 'inspector'),
      customBefore,
    );
  });

  test('org units form a tree: parents exist, no cycles, children inside their parent’s division', async () => {
    const county = await unit('潞州区城市管理局', 'department', LUZHOU);
    const street = await unit('潞州区东街街道办事处', 'street_office', DONGJIE, county);
    const community = await unit('东街街道府后社区居民委员会', 'community', `${DONGJIE}001`, street);

    await refused(access.updateOrgUnit(OPERATOR, county, { parentId: community }), 'ORG_UNIT_CYCLE');
    await refused(access.updateOrgUnit(OPERATOR, county, { parentId: county }), 'ORG_UNIT_CYCLE');
    await refused(unit('不存在的上级', 'other', LUZHOU, newId()), 'ORG_UNIT_PARENT_NOT_FOUND');
    await refused(unit('沁源县某站', 'station', QINYUAN, street), 'ORG_UNIT_OUTSIDE_PARENT');
    await refused(access.updateOrgUnit(OPERATOR, street, { divisionCode: '140403002' }), 'ORG_UNIT_CHILD_OUTSIDE');
    await refused(access.updateOrgUnit(OPERATOR, street, { status: 'dissolved' }), 'ORG_UNIT_HAS_CHILDREN');

    // A unit carrying grants keeps its division and stays: the security administrator revokes first.
    const worker = await account(t, '钱伟');
    const g = await access.grant(OPERATOR, {
      accountId: worker.id,
      roleCode: 'gridworker',
      scopeKind: 'org_unit',
      scopeValues: [community],
    });
    await refused(access.updateOrgUnit(OPERATOR, community, { status: 'dissolved' }), 'ORG_UNIT_HAS_GRANTS');
    await refused(access.updateOrgUnit(OPERATOR, community, { divisionCode: `${DONGJIE}002` }), 'ORG_UNIT_HAS_GRANTS');
    await access.revoke(OPERATOR, g.id);
    const dissolved = await access.updateOrgUnit(OPERATOR, community, { status: 'dissolved' });
    assert.equal(dissolved.status, 'dissolved');
    await refused(unit('新网格站', 'station', `${DONGJIE}001`, community), 'ORG_UNIT_DISSOLVED');
    await refused(
      access.grant(OPERATOR, {
        accountId: worker.id,
        roleCode: 'gridworker',
        scopeKind: 'org_unit',
        scopeValues: [community],
      }),
      'ORG_UNIT_DISSOLVED',
    );

    // Moving a unit within the tree is fine.
    const moved = await access.updateOrgUnit(OPERATOR, street, { parentId: null, name: '东街街道办事处' });
    assert.equal(moved.parentId, null);
    assert.equal(moved.name, '东街街道办事处');
  });

  test('org units belong to the system administrator of their division', async () => {
    const countySysadmin = await actorWith([{ role: 'sysadmin', division: LUZHOU }]);
    const own = await access.createOrgUnit(countySysadmin, {
      name: '潞州区综治中心',
      kind: 'command_centre',
      divisionCode: LUZHOU,
    });
    assert.equal(own.ownerDivision, LUZHOU);
    await refused(
      access.createOrgUnit(countySysadmin, { name: '沁源县综治中心', kind: 'command_centre', divisionCode: QINYUAN }),
      'OUT_OF_SCOPE',
    );
    await refused(access.getOrgUnit(countySysadmin, qinyuanUnit), 'OUT_OF_SCOPE');
    await refused(access.updateOrgUnit(countySysadmin, own.id, { divisionCode: QINYUAN }), 'OUT_OF_SCOPE');
    const listed = await access.listOrgUnits(countySysadmin, { page: 1, pageSize: 200, sort: [] });
    assert.ok(listed.items.length > 0);
    assert.ok(listed.items.every((u) => u.divisionCode.startsWith(LUZHOU)));
    const secadmin = await actorWith([{ role: 'secadmin', division: '' }]);
    await refused(
      access.createOrgUnit(secadmin, { name: '安全管理员建的机构', kind: 'other', divisionCode: LUZHOU }),
      'FORBIDDEN',
    );
  });

  test('a unified social credit code is checked (GB 32100) and registered to one unit only', async () => {
    const first17 = '12140403MB0A1234X';
    const valid = `${first17}${usccCheckCharacter(first17)}`;
    assert.ok(isValidUscc(valid));
    const created = await access.createOrgUnit(OPERATOR, {
      name: '潞州区便民服务中心',
      kind: 'station',
      divisionCode: LUZHOU,
      uscc: valid.toLowerCase(),
    });
    assert.equal(created.uscc, valid, 'stored in upper case');
    await refused(
      access.createOrgUnit(OPERATOR, { name: '另一个中心', kind: 'station', divisionCode: LUZHOU, uscc: valid }),
      'ORG_UNIT_USCC_TAKEN',
    );
    const wrongCheck = `${first17}${valid[17] === '0' ? '1' : '0'}`;
    const err = await refused(
      access.createOrgUnit(OPERATOR, { name: '错误代码', kind: 'station', divisionCode: LUZHOU, uscc: wrongCheck }),
      'ORG_UNIT_USCC_INVALID',
    );
    assert.equal(err.status, 400);
    const cleared = await access.updateOrgUnit(OPERATOR, created.id, { uscc: null });
    assert.equal(cleared.uscc, null);
  });
});

describe('unified social credit code (GB 32100-2015)', () => {
  test('published codes pass', () => {
    for (const code of ['91350100M000100Y43', '91110108551385082Q', '91440300708461136T'])
      assert.ok(isValidUscc(code), code);
  });

  test('a wrong check character, a wrong shape or a letter outside the alphabet fails', () => {
    assert.ok(!isValidUscc('91140400MA0GRXXXXX'));
    assert.ok(!isValidUscc('91350100M000100Y44'));
    assert.ok(!isValidUscc('91350100M000100Y4'));
    assert.ok(!isValidUscc('9135010OM000100Y43'), 'the division code part is digits');
    assert.ok(!isValidUscc('91350100M0001I0Y43'), 'no I, O, S, V or Z');
    assert.ok(!isValidUscc('91350100m000100y43'), 'upper case only');
    assert.equal(usccCheckCharacter('too short'), null);
  });

  test('the check character makes any 17 characters of the alphabet a valid code', () => {
    for (const first17 of ['11140400MB1979235', '12140400MB1A66213', '5114040000000000A', 'Y1140400XXXXXXXXX']) {
      const code = first17 + usccCheckCharacter(first17);
      assert.ok(isValidUscc(code), code);
    }
  });
});
