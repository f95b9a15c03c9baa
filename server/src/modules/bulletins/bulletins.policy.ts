import { type Actor, inScope, requirePermission, requireScope } from '../../platform/access.ts';
import { defineErrors } from '../../platform/errors.ts';

export const BulletinErrors = defineErrors({
  BULLETIN_NOT_FOUND: {
    status: 404,
    'zh-CN': '没有编号为“{id}”的通报',
    'en-US': 'There is no bulletin "{id}"',
  },
  BULLETIN_NUMBER_TAKEN: {
    status: 409,
    'zh-CN': '另一份{division}的通报刚刚取得了编号“{number}”,请稍后重新生成',
    'en-US': 'Another bulletin of {division} has just taken number "{number}": issue it again in a moment',
  },
  BULLETIN_FILE_MISSING: {
    status: 409,
    'zh-CN': '通报“{number}”的文件缺失,请重新生成',
    'en-US': 'The files of bulletin "{number}" are missing; regenerate it',
  },
});

/** Who may issue bulletins and read them: a bulletin belongs to the division it reports on. */
export const bulletinsPolicy = {
  /** Issuing a bulletin of a division needs bulletins.manage and the division in the caller's area. */
  issue(actor: Actor, division: string): void {
    requirePermission(actor, 'bulletins.manage');
    requireScope(actor, division);
  },
  list(actor: Actor): readonly string[] {
    requirePermission(actor, 'bulletins.read');
    return actor.scope.divisions;
  },
  /** A bulletin outside the caller's area is not there for them (404, never 403). */
  read(actor: Actor, row: { ownerDivision: string } | undefined): boolean {
    requirePermission(actor, 'bulletins.read');
    return row !== undefined && inScope(actor, row.ownerDivision);
  },
  regenerate(actor: Actor): void {
    requirePermission(actor, 'bulletins.manage');
  },
};
