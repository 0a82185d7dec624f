import type { Overview } from '../../api/types.ts';

/**
 * What every panel of the partner page is given: the overview (the partner, its relationships,
 * key contacts, first timeline page, counts, open tasks) and what the signed-in person may do.
 */
export type PartnerPanelProps = {
  overview: Overview;
  can: Record<string, boolean>;
};
