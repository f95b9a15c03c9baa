import { Alert, Descriptions, Flex, Tag } from 'antd';
import { useLocale, useT } from '../../locales';
import { formatArea, percent } from './format';
import type { Coverage } from './grids-api';
import { kindLabel } from './labels';

/** 无死角 at a glance: how much of the division its grids cover, and under which tolerance. */
export function CoverageSummary({ coverage }: { coverage: Coverage }) {
  const t = useT();
  const locale = useLocale();
  const clean = coverage.gaps.length === 0 && coverage.overlaps.length === 0 && coverage.outside.length === 0;
  return (
    <Flex vertical gap={12} data-testid="coverage-summary">
      {clean ? (
        <Alert type="success" showIcon title={t('grids.coverageClean')} />
      ) : (
        <Alert
          type="warning"
          showIcon
          title={t('grids.coverageProblems', {
            gaps: coverage.gaps.length,
            overlaps: coverage.overlaps.length,
            outside: coverage.outside.length,
          })}
        />
      )}
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'kind', label: t('grids.kind'), children: <Tag>{kindLabel(coverage.kind, t)}</Tag> },
          { key: 'grids', label: t('grids.gridCount'), children: coverage.grids },
          { key: 'area', label: t('grids.divisionArea'), children: formatArea(coverage.areaM2, locale) },
          {
            key: 'covered',
            label: t('grids.covered'),
            children: `${formatArea(coverage.coveredM2, locale)} (${percent(coverage.coveredM2, coverage.areaM2)})`,
          },
          {
            key: 'tolerance',
            label: t('grids.tolerance'),
            children: t('grids.toleranceValue', { tolerance: coverage.toleranceM2 }),
          },
        ]}
      />
    </Flex>
  );
}
