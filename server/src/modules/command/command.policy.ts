import { type Actor, inScope, requirePermission } from '../../platform/access.ts';
import { isWithin } from '../../platform/divisions.ts';
import { PlatformErrors } from '../../platform/errors.ts';

/** Who may watch the command centre, and where: the readers of the indicators, over their own area. */
export const commandPolicy = {
  /**
   * `indicators.read`; a division asked for must lie in the caller's area or contain it (a county leader
   * may look at the city: the city's counts over their county). Returns the caller's divisions.
   */
  read(actor: Actor, division: string): readonly string[] {
    requirePermission(actor, 'indicators.read');
    const scope = actor.scope.divisions;
    if (division !== '' && !inScope(actor, division) && !scope.some((root) => isWithin(root, division)))
      throw PlatformErrors.OUT_OF_SCOPE({}, { divisionCode: division });
    return scope;
  },
};
