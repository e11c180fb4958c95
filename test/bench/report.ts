/** One line of the benchmark's table; every cell is already text. */
export interface Row {
  stage: string;
  segbook: string;
  duck1: string;
  duck2: string;
  sk1: string;
  sk2: string;
  ratio: string;
  target: string;
  met: string;
}

const HEADER: Row = {
  stage: 'Stage', segbook: 'Segbook (Chromium)', duck1: 'native DuckDB 1t', duck2: 'native DuckDB 2t', sk1: 'scikit-learn 1t', sk2: 'scikit-learn 2t',
  ratio: 'ratio', target: 'target', met: 'met?',
};
const KEYS = Object.keys(HEADER) as Array<keyof Row>;

export const median = (xs: number[]): number | undefined => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : undefined);

export function ms(x: number | undefined | null): string {
  if (x === undefined || x === null || !Number.isFinite(x)) return '';
  return x < 10 ? `${x.toFixed(2)} ms` : `${Math.round(x).toLocaleString('en')} ms`;
}

export function ratio(ours: number | undefined, peer: number | undefined): number | undefined {
  return ours !== undefined && peer ? ours / peer : undefined;
}

/** The table as aligned text for the terminal. */
export function textTable(rows: Row[]): string {
  const widths = KEYS.map((k) => Math.max(HEADER[k].length, ...rows.map((r) => r[k].length)));
  const line = (r: Row) => `| ${KEYS.map((k, i) => r[k].padEnd(widths[i])).join(' | ')} |`;
  return [line(HEADER), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** The same table in Markdown; pipes in a cell are escaped. */
export function markdownTable(rows: Row[]): string {
  const line = (r: Row) => `| ${KEYS.map((k) => r[k].replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(HEADER), `|${KEYS.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}
