import { useMemo } from 'react';
import { useApiQuery } from '../../api/use-api-query';
import { useLocale } from '../../locales';
import { fetchCategories, fetchWorkflows } from './cases-api';

export interface Option {
  value: string;
  label: string;
}
export interface GroupedOptions {
  label: string;
  title: string;
  options: Option[];
}

/** The states of a workflow, in its declared order, named in the reader's language. */
export function useStateOptions(workflow: string): Option[] {
  const locale = useLocale();
  const workflows = useApiQuery('workflows', (signal) => fetchWorkflows(signal));
  return useMemo(() => {
    const def = workflows.data?.find((w) => w.key === workflow);
    return def ? Object.entries(def.states).map(([value, s]) => ({ value, label: s.name[locale] })) : [];
  }, [workflows.data, workflow, locale]);
}

/** A code set's subclasses (小类) grouped under their classes (大类), as in force today. */
export function useCategoryOptions(codeSet: string): { groups: GroupedOptions[]; flat: Option[]; loading: boolean } {
  const locale = useLocale();
  const categories = useApiQuery(`categories:${codeSet}:${locale}`, (signal) => fetchCategories(codeSet, signal));
  return useMemo(() => {
    const items = categories.data?.items ?? [];
    const groups: GroupedOptions[] = [];
    for (const c of items) {
      if (c.parentCode === null) groups.push({ label: `${c.code} ${c.name}`, title: c.code, options: [] });
      else groups.find((g) => g.title === c.parentCode)?.options.push({ value: c.code, label: `${c.code} ${c.name}` });
    }
    const filled = groups.filter((g) => g.options.length > 0);
    return { groups: filled, flat: filled.flatMap((g) => g.options), loading: categories.loading };
  }, [categories.data, categories.loading]);
}
