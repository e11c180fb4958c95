/**
 * Finds the names a SQL text mentions, so that a cell can be linked to the tables it reads.
 * A tokenizer rather than a parser: DuckDB's own parser (json_serialize_sql) lives in the json
 * extension, which duckdb-wasm would download from the network. Strings, comments and CTE names
 * are skipped; the caller intersects the result with the tables it knows.
 */
export function referencedNames(sql: string): Set<string> {
  const tokens = tokenize(sql);
  const cteNames = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    // "WITH name AS (" and ", name AS (" introduce CTEs, which shadow tables of the same name.
    if (t.kind === 'word' && lower(tokens[i + 1]) === 'as' && tokens[i + 2]?.text === '(') {
      const prev = lower(tokens[i - 1]);
      if (prev === 'with' || prev === 'recursive' || prev === ',') cteNames.add(t.text.toLowerCase());
    }
  }
  const names = new Set<string>();
  // Only words in table positions count: after FROM or JOIN, and after a comma in a FROM list.
  // Counting every word would make a column or alias that happens to share a table's name a
  // dependency, and "SELECT count(*) AS n" in a cell named n a cycle.
  const fromListAtDepth = new Set<number>();
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.text === '(') depth++;
    else if (t.text === ')') fromListAtDepth.delete(depth--);
    const word = lower(t);
    if (t.kind === 'word' && LIST_ENDS.has(word)) fromListAtDepth.delete(depth);
    const opensTable = t.kind === 'word' && TABLE_KEYWORDS.has(word);
    const listComma = t.text === ',' && fromListAtDepth.has(depth);
    if (!opensTable && !listComma) continue;
    if (word === 'from') fromListAtDepth.add(depth);
    const next = tokens[i + 1];
    if (next?.kind !== 'word' || tokens[i + 2]?.text === '(' || tokens[i + 2]?.text === '.') continue;
    const name = next.text.toLowerCase();
    if (next.quoted || !RESERVED_AFTER_FROM.has(name)) {
      if (!cteNames.has(name)) names.add(name);
    }
  }
  return names;
}

const TABLE_KEYWORDS = new Set(['from', 'join', 'describe', 'summarize', 'pivot', 'unpivot', 'table', 'into', 'update']);
const LIST_ENDS = new Set([
  'where', 'group', 'order', 'having', 'limit', 'offset', 'join', 'on', 'using', 'window', 'qualify', 'union', 'except',
  'intersect', 'select', 'returning', 'set', 'values',
]);
// Words that can follow FROM without being a table: FROM (subquery) is handled by "(", these by name.
const RESERVED_AFTER_FROM = new Set(['select', 'lateral', 'values', 'with', 'unnest']);

function lower(t: Token | undefined): string {
  return t?.kind === 'word' ? t.text.toLowerCase() : (t?.text ?? '');
}

interface Token {
  kind: 'word' | 'symbol';
  text: string;
  quoted?: boolean;
}

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    if (c === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n') i++;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === "'") {
      i = skipQuoted(sql, i, "'");
    } else if (c === '"') {
      const end = skipQuoted(sql, i, '"');
      tokens.push({ kind: 'word', text: sql.slice(i + 1, end - 1).replaceAll('""', '"'), quoted: true });
      i = end;
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_$\u0080-\uffff]/.test(sql[j])) j++;
      tokens.push({ kind: 'word', text: sql.slice(i, j) });
      i = j;
    } else if (/\s/.test(c)) {
      i++;
    } else {
      tokens.push({ kind: 'symbol', text: c });
      i++;
    }
  }
  return tokens;
}

function skipQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}
