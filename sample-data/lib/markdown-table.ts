/** A Markdown table of column documentation: name, type and meaning. */
export function columnTable(columns: readonly (readonly [string, string, string])[]): string {
  return ['| column | type | meaning |', '|---|---|---|', ...columns.map(([n, t, m]) => `| \`${n}\` | ${t} | ${m} |`)].join('\n');
}

/** Row counts per planted segment, as a Markdown table. */
export function segmentCounts(labels: readonly string[], order: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return ['| segment_truth | rows |', '|---|---:|', ...order.map((s) => `| \`${s}\` | ${counts.get(s) ?? 0} |`)].join('\n');
}
