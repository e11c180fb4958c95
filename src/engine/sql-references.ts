/**
 * Finds the names a SQL text mentions, so that a cell can be linked to the tables it reads.
 * A tokenizer rather than a parser: DuckDB's own parser (json_serialize_sql) lives in the json
 * extension, which duckdb-wasm would download from the network. Strings, comments and CTE names
 * are skipped; the caller intersects the result with the tables it knows.
 */
export function referencedNames(sql: string): Set<string> {
  const names = new Set<string>();
  const tokens = tokenize(sql);
  const cteNames = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    // "WITH name AS (" and ", name AS (" introduce CTEs, which shadow tables of the same name.
    if (t.kind === 'word' && tokens[i + 1]?.text.toLowerCase() === 'as' && tokens[i + 2]?.text === '(') {
      const prev = tokens[i - 1];
      if (prev && (prev.text.toLowerCase() === 'with' || prev.text.toLowerCase() === 'recursive' || prev.text === ',')) {
        cteNames.add(t.text.toLowerCase());
      }
    }
  }
  for (const t of tokens) {
    if (t.kind !== 'word') continue;
    const name = t.text.toLowerCase();
    if (!cteNames.has(name)) names.add(name);
  }
  return names;
}

interface Token {
  kind: 'word' | 'symbol';
  text: string;
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
      tokens.push({ kind: 'word', text: sql.slice(i + 1, end - 1).replaceAll('""', '"') });
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
