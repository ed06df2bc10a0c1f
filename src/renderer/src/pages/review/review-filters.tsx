/** The case queue's filters: the review state with its counts, then case, host, site and algorithm. */
import { Group, SegmentedControl, Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  REVIEW_STATES,
  type ReviewCounts,
  type ReviewFilterInput,
  type ReviewState,
} from '../../../../shared/review-types';

export function ReviewFilters(props: {
  filter: ReviewFilterInput;
  counts: ReviewCounts | null;
  onChange: (patch: Partial<ReviewFilterInput>) => void;
}) {
  const { t } = useTranslation();
  const { filter, counts, onChange: setFacet } = props;
  const allOption = { value: '', label: t('review.filters.all') };
  const options = (rows: { value: string; label: string; count: number }[] | undefined) => [
    allOption,
    ...(rows ?? []).map((r) => ({ value: r.value, label: `${r.label} (${r.count})` })),
  ];
  return (
    <>
      <SegmentedControl
        value={filter.state ?? 'pending'}
        onChange={(v) => setFacet({ state: v as ReviewState })}
        data-testid="review-state-filter"
        data={REVIEW_STATES.map((s) => ({
          value: s,
          label: `${t(`review.states.${s}`)} ${counts ? counts.states[s].toLocaleString() : ''}`,
        }))}
        w="fit-content"
      />
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t('review.filters.case')}
          w={190}
          value={filter.caseId ? String(filter.caseId) : ''}
          onChange={(v) => setFacet({ caseId: v ? Number(v) : undefined })}
          data={options(
            counts?.cases.map((c) => ({ value: String(c.id), label: c.code, count: c.count })),
          )}
          data-testid="review-case-filter"
        />
        <Select
          label={t('review.filters.host')}
          w={220}
          searchable
          value={filter.host ?? ''}
          onChange={(v) => setFacet({ host: v || undefined })}
          data={options(
            counts?.hosts.map((h) => ({ value: h.host, label: h.host, count: h.count })),
          )}
          data-testid="review-host-filter"
        />
        <Select
          label={t('review.filters.site')}
          w={190}
          value={filter.siteId ? String(filter.siteId) : ''}
          onChange={(v) => setFacet({ siteId: v ? Number(v) : undefined })}
          data={options(
            counts?.sites.map((s) => ({ value: String(s.id), label: s.name, count: s.count })),
          )}
          data-testid="review-site-filter"
        />
        <Select
          label={t('review.filters.algo')}
          w={170}
          value={filter.algo ?? ''}
          onChange={(v) => setFacet({ algo: v || undefined })}
          data={options(
            counts?.algos.map((a) => ({ value: a.algo, label: a.algo, count: a.count })),
          )}
          data-testid="review-algo-filter"
        />
      </Group>
    </>
  );
}
