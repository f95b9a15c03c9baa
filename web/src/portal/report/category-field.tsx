import { useMemo } from 'react';
import { useT } from '../../locales';
import type { CategoryClass } from '../portal-api';

/**
 * The kind of problem, as the phone's own picker (a native select with the classes as groups): large, familiar
 * and readable by screen readers. The chosen subclass's criterion is shown under it, so a resident can check.
 */
export function CategoryField({
  classes,
  value,
  onChange,
  error,
}: {
  classes: readonly CategoryClass[];
  value: string;
  onChange: (code: string, name: string) => void;
  error: string | null;
}) {
  const t = useT();
  const byCode = useMemo(() => new Map(classes.flatMap((c) => c.subclasses.map((s) => [s.code, s]))), [classes]);
  const chosen = byCode.get(value);
  return (
    <div className="portal-stack">
      <select
        className="portal-select"
        aria-label={t('portal.stepCategory')}
        aria-invalid={error ? true : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value, byCode.get(e.target.value)?.name ?? '')}
        data-testid="report-category"
      >
        <option value="" disabled>
          {t('portal.categoryPlaceholder')}
        </option>
        {classes.map((c) => (
          <optgroup key={c.code} label={c.name}>
            {c.subclasses.map((s) => (
              <option key={s.code} value={s.code}>
                {s.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {chosen?.hint && (
        <div className="portal-muted" data-testid="report-category-hint">
          {t('portal.categoryHint', { hint: chosen.hint })}
        </div>
      )}
      {error && (
        <div className="portal-field-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
