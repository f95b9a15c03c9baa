import { useMemo, useState } from 'react';
import { useLocale, useT } from '../../locales';
import { Sheet } from '../ui/sheet';
import { type CategoryOption, type Suggestion, textScore } from './suggest';

export const categoryName = (c: Pick<CategoryOption, 'nameZh' | 'nameEn'>, locale: string) =>
  locale === 'en-US' ? c.nameEn || c.nameZh : c.nameZh;

/**
 * The suggested categories as chips (one tap chooses one) and 更多 for the whole classification, searchable. The
 * chosen category stays shown even when the suggestions move on.
 */
export function CategoryPicker({
  categories,
  suggestions,
  value,
  onChange,
}: {
  categories: readonly CategoryOption[];
  suggestions: readonly Suggestion[];
  value: string | null;
  onChange: (code: string) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const [browsing, setBrowsing] = useState(false);
  const [search, setSearch] = useState('');
  const byCode = useMemo(() => new Map(categories.map((c) => [c.code, c])), [categories]);
  const chips =
    value && !suggestions.some((s) => s.code === value) ? [{ code: value, reason: null }, ...suggestions] : suggestions;
  const reasonLabel = {
    text: t('mobile.reasonText'),
    grid: t('mobile.reasonGrid'),
    recent: t('mobile.reasonRecent'),
    common: '',
  };
  const found = search.trim()
    ? categories.filter((c) => c.code.startsWith(search.trim()) || textScore(search, c) > 0)
    : categories;

  return (
    <div className="m-chips" data-testid="category-chips">
      {chips.map((s) => {
        const c = byCode.get(s.code);
        if (!c) return null;
        const why = s.reason ? reasonLabel[s.reason] : '';
        return (
          <button
            key={s.code}
            type="button"
            className="m-chip"
            aria-pressed={value === s.code}
            data-testid="category-chip"
            data-code={s.code}
            data-reason={s.reason ?? 'chosen'}
            onClick={() => onChange(s.code)}
          >
            {categoryName(c, locale)}
            {why && <small>{why}</small>}
          </button>
        );
      })}
      <button type="button" className="m-chip" onClick={() => setBrowsing(true)} data-testid="category-more">
        {t('mobile.moreCategories')}
      </button>
      {browsing && (
        <Sheet title={t('mobile.allCategories')} onClose={() => setBrowsing(false)} data-testid="category-sheet">
          <input
            className="m-input"
            type="search"
            placeholder={t('mobile.searchCategories')}
            aria-label={t('mobile.searchCategories')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <ul className="m-list">
            {found.map((c) => (
              <li key={c.code}>
                <button
                  type="button"
                  className="m-row"
                  style={{ minHeight: 52 }}
                  onClick={() => {
                    onChange(c.code);
                    setBrowsing(false);
                  }}
                >
                  <span className="m-row-main">
                    <span className="m-row-title">{categoryName(c, locale)}</span>
                  </span>
                  <span className="m-tag">{c.code}</span>
                </button>
              </li>
            ))}
          </ul>
        </Sheet>
      )}
    </div>
  );
}
