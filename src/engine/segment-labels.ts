/** The label of customers that have no segment in the segments table. */
export const NO_SEGMENT = '(no segment)';
/** In a migration: customers only in the later segmentation. */
export const NEW_CUSTOMERS = '(new)';
/** In a migration: customers only in the earlier segmentation. */
export const GONE_CUSTOMERS = '(gone)';

const PSEUDO = [NO_SEGMENT, NEW_CUSTOMERS, GONE_CUSTOMERS];

/**
 * Orders segment labels the way a person reads them: "2" before "10", and the made-up labels
 * (no segment, new, gone) last, so that charts and tables list segments the same way every time.
 */
export function compareSegmentLabels(a: string, b: string): number {
  const pa = PSEUDO.indexOf(a);
  const pb = PSEUDO.indexOf(b);
  if (pa !== pb) return pa === -1 ? -1 : pb === -1 ? 1 : pa - pb;
  return a.localeCompare(b, 'en', { numeric: true }) || (a < b ? -1 : a > b ? 1 : 0);
}

export function sortSegmentLabels(labels: Iterable<string>): string[] {
  return [...new Set(labels)].sort(compareSegmentLabels);
}
