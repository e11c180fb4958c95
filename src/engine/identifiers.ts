// DuckDB keywords that cannot be used bare as table names; a name in this set gets a suffix.
const RESERVED = new Set([
  'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'both', 'case',
  'cast', 'check', 'collate', 'column', 'constraint', 'create', 'default', 'deferrable', 'desc',
  'distinct', 'do', 'else', 'end', 'except', 'false', 'fetch', 'for', 'foreign', 'from', 'grant',
  'group', 'having', 'in', 'initially', 'intersect', 'into', 'lateral', 'leading', 'limit', 'not',
  'null', 'offset', 'on', 'only', 'or', 'order', 'placing', 'primary', 'references', 'returning',
  'select', 'some', 'symmetric', 'table', 'then', 'to', 'trailing', 'true', 'union', 'unique',
  'using', 'variadic', 'when', 'where', 'window', 'with', 'dec', 'pivot', 'unpivot', 'qualify',
  'summarize', 'describe', 'show', 'tablesample', 'join', 'left', 'right', 'inner', 'outer', 'full',
  'cross', 'natural', 'semi', 'anti', 'positional', 'asof',
]);

const VALID = /^[a-z_][a-z0-9_]*$/;

/** True when `name` can be used unquoted as a table name and survives a round trip. */
export function isValidIdentifier(name: string): boolean {
  return VALID.test(name) && !RESERVED.has(name) && name.length <= 63;
}

/** Turns a file name or free text into a lower-case identifier: "Customers 2024.csv.gz" → "customers_2024". */
export function toIdentifier(text: string): string {
  const stem = text.replace(/\.(csv|tsv|txt|parquet|json|ndjson|jsonl|xlsx|xlsm|xls)(\.gz)?$/i, '').replace(/\.gz$/i, '');
  let id = stem
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/_+/g, '_')
    .slice(0, 56);
  if (id === '') id = 'data';
  if (/^[0-9]/.test(id)) id = `t_${id}`;
  if (RESERVED.has(id)) id = `${id}_t`;
  return id;
}

/** Returns `base`, or `base_2`, `base_3`, … whichever is not taken (compared case-insensitively). */
export function uniqueIdentifier(base: string, taken: Iterable<string>): string {
  const lower = new Set([...taken].map((t) => t.toLowerCase()));
  if (!lower.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base}_${i}`;
    if (!lower.has(candidate)) return candidate;
  }
}

