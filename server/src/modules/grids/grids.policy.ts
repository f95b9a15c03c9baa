import { type Actor, inScope, requirePermission, requireScope } from '../../platform/access.ts';
import { defineErrors } from '../../platform/errors.ts';

export const GridErrors = defineErrors({
  GRID_NOT_FOUND: { status: 404, 'zh-CN': '未找到网格 {code}', 'en-US': 'Grid {code} not found' },
  GRID_CODE_INVALID: {
    status: 400,
    'zh-CN': '网格编码 {code} 不正确:应为 12 位村(社区)代码加 3 位顺序码(数字或大写字母),共 15 位',
    'en-US':
      'Grid code {code} is not valid: the 12-digit village/community code followed by a 3-character sequence (digits or capital letters)',
  },
  GRID_CODE_TAKEN: { status: 409, 'zh-CN': '网格编码 {code} 已被使用', 'en-US': 'Grid code {code} is already in use' },
  GRID_COMMUNITY_UNKNOWN: {
    status: 422,
    'zh-CN': '{code} 不是现行的村(社区)代码;网格必须位于一个村(社区)内',
    'en-US': '{code} is not a current village/community code: a grid must lie in one village or community',
  },
  GRID_GEOMETRY_INVALID: {
    status: 422,
    'zh-CN': '网格范围不是有效的多边形:{problems}',
    'en-US': 'The grid outline is not a valid polygon: {problems}',
  },
  GRID_OUTSIDE_COMMUNITY: {
    status: 422,
    'zh-CN': '网格有 {areaM2} 平方米超出所属村(社区){community} 的范围',
    'en-US': '{areaM2} m² of the grid lies outside its village/community {community}',
  },
  GRID_OVERLAP: {
    status: 409,
    'zh-CN': '网格与 {others} 重叠(共 {areaM2} 平方米);同类网格不得重叠',
    'en-US': 'The grid overlaps {others} ({areaM2} m² in all); grids of one kind must not overlap',
  },
  GRID_STALE_VERSION: {
    status: 409,
    'zh-CN': '网格 {code} 已被他人修改(当前版本 {current}),请刷新后重试',
    'en-US': 'Grid {code} was changed by someone else (now version {current}); reload and try again',
  },
  GRID_RETIRED: { status: 409, 'zh-CN': '网格 {code} 已撤销', 'en-US': 'Grid {code} has been retired' },
  GRID_IMPORT_REFUSED: {
    status: 422,
    'zh-CN': '导入未执行:发现 {count} 个问题,未写入任何数据(详见报告)',
    'en-US': 'Nothing was imported: {count} problems were found (see the report)',
  },
  GRID_IMPORT_TOO_LARGE: {
    status: 413,
    'zh-CN': '一次最多导入 {max} 个网格',
    'en-US': 'At most {max} grids can be imported at once',
  },
  DIVISION_WITHOUT_GEOMETRY: {
    status: 422,
    'zh-CN': '{code} 没有范围图形,无法检查覆盖情况',
    'en-US': '{code} has no outline, so its coverage cannot be checked',
  },
  GRID_POST_NOT_FOUND: { status: 404, 'zh-CN': '未找到岗位 {id}', 'en-US': 'Post {id} not found' },
  GRID_POST_ENDED: { status: 409, 'zh-CN': '该岗位已于 {validTo} 结束', 'en-US': 'This post ended on {validTo}' },
  GRID_POST_DUPLICATE: {
    status: 409,
    'zh-CN': '此人已在该网格担任此岗位',
    'en-US': 'This person already holds this post in this grid',
  },
  GRID_PERSON_UNKNOWN: {
    status: 422,
    'zh-CN': '未找到人员 {id},或不在您的管理范围内',
    'en-US': 'Person {id} was not found or is outside your area',
  },
  GRID_SCHEDULE_INVALID: {
    status: 400,
    'zh-CN': '值守时间不正确:{reason}',
    'en-US': 'The duty schedule is not valid: {reason}',
  },
  GRID_SCHEDULE_NOT_FOUND: { status: 404, 'zh-CN': '未找到值守安排 {id}', 'en-US': 'Duty schedule {id} not found' },
  GRID_DATES_INVALID: {
    status: 400,
    'zh-CN': '结束日期 {validTo} 不能早于开始日期 {validFrom}',
    'en-US': 'The end date {validTo} cannot be before the start date {validFrom}',
  },
});

/**
 * A grid belongs to its village/community. A caller sees it when the community is in one of their
 * division subtrees or the grid is one of their grids (a grid worker's grant names grids); a grid out of
 * sight does not exist for the caller (404). Drawing and staffing need their own permissions and the
 * grid (or the division named) in scope.
 */
export const gridsPolicy = {
  read(actor: Actor): void {
    requirePermission(actor, 'grids.read');
  },
  sees(actor: Actor, grid: { code: string; communityCode: string }): boolean {
    return inScope(actor, grid.communityCode) || actor.scope.grids.includes(grid.code);
  },
  /** Reading a division's grids (lists, exports, coverage): the division itself must be in scope. */
  readDivision(actor: Actor, divisionCode: string): void {
    requirePermission(actor, 'grids.read');
    requireScope(actor, divisionCode);
  },
  manage(actor: Actor, communityCode: string): void {
    requirePermission(actor, 'grids.manage');
    requireScope(actor, communityCode);
  },
  staff(actor: Actor, grid: { code: string; communityCode: string }): void {
    requirePermission(actor, 'grids.staffing.manage');
    if (!gridsPolicy.sees(actor, grid)) requireScope(actor, grid.communityCode);
  },
};

/**
 * What an import report says about a feature, in both languages. Declared like errors so the catalog
 * stays in one place; they are never thrown, only looked up by `messageFor('IMPORT_' + problem, …)`.
 */
export const GridImportProblems = defineErrors({
  IMPORT_NOT_A_FEATURE: { status: 422, 'zh-CN': '不是 GeoJSON 要素(Feature)', 'en-US': 'Not a GeoJSON Feature' },
  IMPORT_CODE_INVALID: {
    status: 422,
    'zh-CN': '网格编码“{value}”不正确:应为 12 位村(社区)代码加 3 位顺序码',
    'en-US': 'Grid code "{value}" is not valid: 12-digit community code + 3-character sequence',
  },
  IMPORT_CODE_DUPLICATE: {
    status: 422,
    'zh-CN': '网格编码与第 {first} 个要素重复',
    'en-US': 'The grid code repeats feature {first}',
  },
  IMPORT_NAME_MISSING: {
    status: 422,
    'zh-CN': '缺少网格名称(properties.name)',
    'en-US': 'No grid name (properties.name)',
  },
  IMPORT_KIND_INVALID: {
    status: 422,
    'zh-CN': '网格类型“{value}”不正确(unit、social 或 dedicated)',
    'en-US': 'Grid kind "{value}" is not valid (unit, social or dedicated)',
  },
  IMPORT_COMMUNITY_UNKNOWN: {
    status: 422,
    'zh-CN': '{community} 不是现行的村(社区)代码',
    'en-US': '{community} is not a current village/community code',
  },
  IMPORT_OUT_OF_SCOPE: {
    status: 422,
    'zh-CN': '您无权在 {community} 划分网格',
    'en-US': 'You may not draw grids in {community}',
  },
  IMPORT_GEOMETRY_NOT_POLYGON: {
    status: 422,
    'zh-CN': '图形不是 Polygon 或 MultiPolygon',
    'en-US': 'The geometry is not a Polygon or MultiPolygon',
  },
  IMPORT_GEOMETRY_RING_NOT_CLOSED: {
    status: 422,
    'zh-CN': '多边形的环没有闭合(首尾坐标须相同)',
    'en-US': 'A ring is not closed (its first and last positions must be equal)',
  },
  IMPORT_GEOMETRY_TOO_FEW_POINTS: {
    status: 422,
    'zh-CN': '多边形的环至少需要 4 个坐标',
    'en-US': 'A ring needs at least 4 positions',
  },
  IMPORT_GEOMETRY_BAD_COORDINATE: {
    status: 422,
    'zh-CN': '坐标不是有效的经纬度',
    'en-US': 'A coordinate is not a valid longitude/latitude',
  },
  IMPORT_GEOMETRY_SELF_INTERSECTION: { status: 422, 'zh-CN': '多边形自相交', 'en-US': 'The polygon intersects itself' },
  IMPORT_GEOMETRY_ZERO_AREA: { status: 422, 'zh-CN': '多边形面积为零', 'en-US': 'The polygon has no area' },
  IMPORT_GEOMETRY_TOO_MANY_POINTS: {
    status: 422,
    'zh-CN': '多边形坐标过多',
    'en-US': 'The polygon has too many positions',
  },
});
