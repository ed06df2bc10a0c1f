/**
 * The queue's filters: the source (all, a case's references, hash lists; a video source joins
 * here as one more value) and the review state, each with its counts, then the case or the list,
 * host, site and algorithm. Every count is under the other filters.
 */
import { Group, SegmentedControl, Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  REVIEW_STATES,
  type ReviewCounts,
  type ReviewFilterInput,
  type ReviewSource,
  type ReviewState,
} from '../../../../shared/review-types';

interface FilterProps {
  filter: ReviewFilterInput;
  counts: ReviewCounts | null;
  onChange: (patch: Partial<ReviewFilterInput>) => void;
}

export function ReviewFilters(props: FilterProps) {
  const { t } = useTranslation();
  const { filter, counts, onChange: setFacet } = props;
  const allOption = { value: '', label: t('review.filters.all') };
  const options = (rows: { value: string; label: string; count: number }[] | undefined) => [
    allOption,
    ...(rows ?? []).map((r) => ({ value: r.value, label: `${r.label} (${r.count})` })),
  ];
  const number = (v: string | null) => (v ? Number(v) : undefined);
  return (
    <>
      <Group gap="sm" wrap="wrap">
        <SourceFilter filter={filter} counts={counts} onChange={setFacet} />
        <SegmentedControl
          value={filter.state ?? 'pending'}
          onChange={(v) => setFacet({ state: v as ReviewState })}
          data-testid="review-state-filter"
          data={REVIEW_STATES.map((s) => ({
            value: s,
            label: `${t(`review.states.${s}`)} ${counts ? counts.states[s].toLocaleString() : ''}`,
          }))}
        />
      </Group>
      <Group gap="sm" align="flex-end" wrap="wrap">
        {filter.source === 'list' ? (
          <Select
            label={t('review.queue.listFilter')}
            w={220}
            value={filter.listId ? String(filter.listId) : ''}
            onChange={(v) => setFacet({ listId: number(v) })}
            data={options(
              counts?.lists.map((l) => ({ value: String(l.id), label: l.name, count: l.count })),
            )}
            data-testid="review-list-filter"
          />
        ) : (
          <Select
            label={t('review.filters.case')}
            w={190}
            value={filter.caseId ? String(filter.caseId) : ''}
            onChange={(v) => setFacet({ caseId: number(v) })}
            data={options(
              counts?.cases.map((c) => ({ value: String(c.id), label: c.code, count: c.count })),
            )}
            data-testid="review-case-filter"
          />
        )}
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
          onChange={(v) => setFacet({ siteId: number(v) })}
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

/** All sources, or one: a case's references or the imported hash lists. */
function SourceFilter(props: FilterProps) {
  const { t } = useTranslation();
  const sources = props.counts?.sources;
  return (
    <SegmentedControl
      value={props.filter.source ?? ''}
      // A list and a case never narrow together: changing the source drops both.
      onChange={(v) =>
        props.onChange({
          source: (v || undefined) as ReviewSource | undefined,
          caseId: undefined,
          listId: undefined,
        })
      }
      data-testid="review-source"
      data={[
        { value: '', label: t('review.queue.sources.all') },
        ...(['case', 'list'] as const).map((s) => ({
          value: s,
          label: `${t(`review.queue.sources.${s}`)} ${sources ? sources[s].toLocaleString() : ''}`,
        })),
      ]}
    />
  );
}
