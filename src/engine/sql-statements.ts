/**
 * Splits SQL into statements the way DuckDB's lexer (Postgres's scan.l) reads it, so that what
 * is called one statement here is one statement to DuckDB. A `;` ends a statement only outside:
 * '...' strings ('' inside), E'...' strings (backslash escapes too), $$...$$ and $tag$...$tag$
 * strings, "quoted names", -- comments and nested /* *\/ comments. Text left open at the end (an
 * unterminated string or comment) runs to the end: DuckDB refuses it, so it stays one statement.
 */
export function splitStatements(sql: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (const token of tokens(sql)) {
    if (token.kind === ';') {
      parts.push(sql.slice(start, token.start));
      start = token.end;
    }
  }
  parts.push(sql.slice(start));
  return parts.filter((p) => withoutComments(p).trim() !== '');
}

/** The SQL with its comments replaced by spaces, strings and names untouched. */
export function withoutComments(sql: string): string {
  let out = '';
  let at = 0;
  for (const token of tokens(sql)) {
    if (token.kind !== 'comment') continue;
    out += sql.slice(at, token.start) + ' ';
    at = token.end;
  }
  return out + sql.slice(at);
}

type TokenKind = ';' | 'comment' | 'string' | 'name' | 'word' | 'other';

interface Token {
  kind: TokenKind;
  start: number;
  end: number;
}

// Postgres's ident_start and ident_cont; every non-ASCII character counts as a letter.
const identStart = (c: string) => /[A-Za-z_]/.test(c) || c > '\x7f';
const identCont = (c: string) => /[A-Za-z_0-9$]/.test(c) || c > '\x7f';
const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z_0-9\u0080-\uffff]*)?\$/y;

function* tokens(sql: string): Generator<Token> {
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const start = i;
    const c = sql[i];
    let kind: TokenKind = 'other';
    if (c === ';') {
      kind = ';';
      i++;
    } else if (c === '-' && sql[i + 1] === '-') {
      kind = 'comment';
      // A carriage return ends it too, as in Postgres: `-- x\r; DROP ...` is two statements.
      while (i < n && sql[i] !== '\n' && sql[i] !== '\r') i++;
    } else if (c === '/' && sql[i + 1] === '*') {
      kind = 'comment';
      i = blockCommentEnd(sql, i);
    } else if (c === "'") {
      kind = 'string';
      i = quotedEnd(sql, i + 1, "'", false);
    } else if (c === '"') {
      kind = 'name';
      i = quotedEnd(sql, i + 1, '"', false);
    } else if ((c === 'e' || c === 'E') && sql[i + 1] === "'") {
      kind = 'string';
      i = quotedEnd(sql, i + 2, "'", true);
    } else if (identStart(c)) {
      // A whole word at once: `a$$b` is one name, and the `e` of `name'x'` starts no E'' string.
      kind = 'word';
      i++;
      while (i < n && identCont(sql[i])) i++;
    } else if (c === '$') {
      DOLLAR_TAG.lastIndex = i;
      const tag = DOLLAR_TAG.exec(sql)?.[0];
      if (tag) {
        kind = 'string';
        const end = sql.indexOf(tag, i + tag.length);
        i = end < 0 ? n : end + tag.length;
      } else i++;
    } else i++;
    yield { kind, start, end: i };
  }
}

/** The index after the closing quote; a doubled quote is one character, and so is \x when `backslash`. */
function quotedEnd(sql: string, from: number, quote: string, backslash: boolean): number {
  let i = from;
  while (i < sql.length) {
    const c = sql[i];
    if (backslash && c === '\\') i += 2;
    else if (c === quote) {
      if (sql[i + 1] !== quote) return i + 1;
      i += 2;
    } else i++;
  }
  return sql.length;
}

/** Block comments nest in DuckDB: `/* a /* b *\/ c *\/` is one comment. */
function blockCommentEnd(sql: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      i += 2;
      if (--depth === 0) return i;
    } else i++;
  }
  return sql.length;
}
