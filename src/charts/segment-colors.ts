import { compareSegmentLabels, GONE_CUSTOMERS, NEW_CUSTOMERS, NO_SEGMENT } from '../engine/segment-labels.ts';

// Observable's ten-colour scheme, Plot's default for categories; spelled out so that every chart
// of a segment gives it the same colour, and the made-up labels a neutral grey.
const PALETTE = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#ff8ab7', '#a463f2', '#97bbf5', '#9c6b4e', '#9498a0'];
const GREY = '#8a8f98';
const PSEUDO = new Set([NO_SEGMENT, NEW_CUSTOMERS, GONE_CUSTOMERS]);

/** A categorical colour scale for Plot: the given labels in reading order, each with its colour. */
export function segmentColorScale(labels: Iterable<string>): { domain: string[]; range: string[] } {
  const domain = [...new Set(labels)].sort(compareSegmentLabels);
  let next = 0;
  const range = domain.map((label) => (PSEUDO.has(label) ? GREY : PALETTE[next++ % PALETTE.length]));
  return { domain, range };
}
