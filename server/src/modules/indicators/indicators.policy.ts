import { type Actor, inScope, requirePermission } from '../../platform/access.ts';
import { isWithin } from '../../platform/divisions.ts';
import { defineErrors, PlatformErrors } from '../../platform/errors.ts';

export const IndicatorErrors = defineErrors({
  INDICATOR_UNKNOWN: {
    status: 404,
    'zh-CN': '没有名为“{key}”的指标(可用:{known})',
    'en-US': 'There is no indicator "{key}" (known: {known})',
  },
  INDICATOR_ROW_INVALID: {
    status: 400,
    'zh-CN': '行“{row}”不是按{byZh}分组的行',
    'en-US': 'Row "{row}" is not a row of the figures by {byEn}',
  },
});

/** Who may read the figures and where; who may rebuild and check the rollups. */
export const indicatorsPolicy = {
  /**
   * The figures count only cases owned in the caller's divisions; a division asked for must lie in them (or
   * contain them: a county leader asking for the city sees the city's figures for their county only).
   */
  read(actor: Actor, division: string | undefined): readonly string[] {
    requirePermission(actor, 'indicators.read');
    const scope = actor.scope.divisions;
    if (division !== undefined && division !== '' && !inScope(actor, division)) {
      const holds = scope.some((root) => isWithin(root, division));
      if (!holds) throw PlatformErrors.OUT_OF_SCOPE({}, { divisionCode: division });
    }
    return scope;
  },
  manage(actor: Actor): void {
    requirePermission(actor, 'indicators.manage');
  },
};
