import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { CellTextError, materializeSql, runSqlCell } from '../../src/engine/cells/sql/sql-cell.ts';
import { splitStatements, withoutComments } from '../../src/engine/sql-statements.ts';

let instance: DuckDBInstance;
let conn: DuckDBConnection;
let db: NodeDatabase;
let wasmTokens: (sql: string) => { offsets: number[]; types: number[] };
let wasmVersion = '';

beforeAll(async () => {
  // The browser's engine too (duckdb-wasm 1.32 runs DuckDB 1.4.3): its own lexer, in Node.
  const wasm = createRequire(import.meta.url)('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
  const dist = new URL('../../node_modules/@duckdb/duckdb-wasm/dist/', import.meta.url).pathname;
  const bundles = { mvp: { mainModule: `${dist}duckdb-mvp.wasm`, mainWorker: '' }, eh: { mainModule: `${dist}duckdb-eh.wasm`, mainWorker: '' } };
  const blocking = await wasm.createDuckDB(bundles, new wasm.VoidLogger(), wasm.NODE_RUNTIME);
  await blocking.instantiate(() => undefined);
  wasmTokens = (sql) => {
    const tokens: { offsets: number[]; types: number[] } = blocking.tokenize(sql);
    // Its offsets count UTF-8 bytes; these count UTF-16 code units.
    const index: number[] = [];
    for (let i = 0; i < sql.length; i++) {
      const bytes = new TextEncoder().encode(sql[i]).length;
      for (let b = 0; b < bytes; b++) index.push(i);
    }
    return { offsets: tokens.offsets.map((o) => index[o] ?? sql.length), types: tokens.types };
  };
  wasmVersion = String(blocking.connect().query('SELECT version() AS v').toArray()[0].v);
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
  db = await NodeDatabase.open();
});
afterAll(() => {
  conn.closeSync();
  instance.closeSync();
  return db.close();
});

/** How many statements DuckDB's own parser finds in `sql`. */
async function duckdbCount(sql: string): Promise<number> {
  return (await conn.extractStatements(sql)).count;
}

// Each holds a `;` that only one quoting form hides, then a second statement.
const FORMS: Array<[string, string]> = [
  ['dollar-quoted string', "SELECT $$'$$ AS q; CREATE TABLE t AS SELECT 42; SELECT $$'$$ AS q"],
  ['dollar-quoted string holding a semicolon', 'SELECT $$a;b$$ AS q; SELECT 2'],
  ['tagged dollar quote holding $$', 'SELECT $tag$ ; $$ ; $tag$ AS x; SELECT 2'],
  ['tagged dollar quote holding another tag', 'SELECT $a$ x $b$ ; $a$; SELECT 3'],
  ['dollar tags are case-sensitive', 'SELECT $A$;$a$;$A$; SELECT 2'],
  ['dollar quote right after a number', "SELECT 1 + length($$;$$); SELECT 2"],
  ['$ inside a name is no quote', 'SELECT 1 AS a$$b; SELECT 2'],
  ['positional parameter', 'SELECT $1; SELECT 2'],
  ['E string with an escaped quote', "SELECT E'\\'' AS q; SELECT 2"],
  ['E string with escaped quote and semicolon', "SELECT e'\\';' ; SELECT 2"],
  ['E string ending in an escaped backslash', "SELECT E'\\\\'; SELECT 2"],
  ['E string with a doubled quote', "SELECT E'a''b;' ; SELECT 2"],
  ['plain string: backslash is no escape', "SELECT 'a\\'; SELECT 2"],
  ['plain string with a doubled quote', "SELECT 'a'';'; SELECT 2"],
  ['plain string of one quote', "SELECT ''''; SELECT 2"],
  ['bit string', "SELECT b'1;'; SELECT 2"],
  ['hex string', "SELECT x'41;'; SELECT 2"],
  ['a column named e, then a string', "SELECT 1 AS e; SELECT 'x'"],
  ['quoted name with a doubled quote', 'SELECT 1 AS "a;""b"; SELECT 2'],
  ['quoted name holding $$', 'SELECT "$$"; SELECT 2'],
  ['line comment', 'SELECT 1 -- ; \n; SELECT 2'],
  ['line comment ended by a carriage return', 'SELECT 1 -- x\r; SELECT 2'],
  ['line comment holding /*', 'SELECT -- x /*\n 1; SELECT 2'],
  ['block comment holding --', 'SELECT /* -- */ 1; SELECT 2'],
  ['nested block comments', 'SELECT /* /* ; */ ; */ 1; SELECT 2'],
  ['block comment starting /*/', 'SELECT 1 /*/ ; */; SELECT 2'],
  ['empty statements', 'SELECT 1;;; SELECT 2'],
  ['non-ASCII name before $$', 'SELECT 1 AS é$$x; SELECT 2'],
];

describe('splitStatements agrees with DuckDB', () => {
  it.each(FORMS)('%s: the same statements as DuckDB, each one statement to DuckDB', async (_, sql) => {
    const parts = splitStatements(sql);
    expect(parts.length).toBe(await duckdbCount(sql));
    for (const part of parts) expect(await duckdbCount(part)).toBe(1);
  });

  it.each(FORMS)("%s: the same statements as the browser's DuckDB lexer", (_, sql) => {
    expect(wasmVersion).toBe('v1.4.3');
    // Its tokens leave comments out and mark a semicolon as an operator token (type 3).
    const { offsets, types } = wasmTokens(sql);
    const cuts = offsets.filter((at, k) => types[k] === 3 && sql[at] === ';');
    const bounds = [-1, ...cuts, sql.length];
    const parts = bounds.slice(1).map((end, k) => ({ start: bounds[k] + 1, end }));
    const statements = parts.filter(({ start, end }) => offsets.some((at, k) => at >= start && at < end && !cuts.includes(offsets[k])));
    expect(splitStatements(sql)).toEqual(statements.map(({ start, end }) => sql.slice(start, end)));
  });

  it.each(FORMS)('%s: the text before the last statement is one statement', async (_, sql) => {
    const parts = splitStatements(sql);
    const first = sql.slice(0, sql.indexOf(parts[1]));
    expect(splitStatements(first)).toHaveLength(1);
    expect(await duckdbCount(first)).toBe(1);
  });

  it('keeps an unterminated string or comment in the statement it starts, which DuckDB then refuses', async () => {
    for (const sql of ["SELECT 'open ; DROP TABLE x", 'SELECT 1 /* open ; DROP TABLE x', 'SELECT $q$ open ; DROP TABLE x', "SELECT E'\\' ; DROP TABLE x"]) {
      expect(splitStatements(sql)).toEqual([sql]);
      await expect(duckdbCount(sql)).rejects.toThrow(/unterminated|syntax error/i);
    }
  });

  it('drops parts that hold only comments', () => {
    expect(splitStatements('SELECT 1; -- done\n/* really /* done */ */')).toEqual(['SELECT 1']);
  });

  it('withoutComments leaves strings that look like comments alone', () => {
    expect(withoutComments("/* a /* b */ */ DESCRIBE '--x' -- y")).toBe("  DESCRIBE '--x'  ");
  });
});

describe('a SQL cell runs exactly one statement', () => {
  it('refuses a cell that hides a second statement between dollar-quoted strings, and creates nothing', async () => {
    const sql = "SELECT $$'$$ AS q; CREATE TABLE t AS SELECT 42; SELECT $$'$$ AS q";
    await expect(runSqlCell(db, { id: 'c', kind: 'sql', name: 'c', sql }, new AbortController().signal)).rejects.toThrow(CellTextError);
    await expect(runSqlCell(db, { id: 'c', kind: 'sql', name: 'c', sql }, new AbortController().signal)).rejects.toThrow('holds 3 statements');
    expect(await db.query("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 't'")).toEqual([{ n: 0 }]);
  });

  it('refuses one hidden behind an E string and one behind a carriage-return comment', () => {
    for (const sql of ["SELECT E'\\''; CREATE TABLE t AS SELECT 42; SELECT ''''", 'SELECT 1 -- x\r; CREATE TABLE t AS SELECT 42']) {
      expect(() => materializeSql({ id: 'c', kind: 'sql', name: 'c', sql })).toThrow(CellTextError);
    }
  });

  it('runs a cell whose strings hold semicolons as one query', async () => {
    const sql = "SELECT $$a;b$$ AS d, E'c\\';' AS e, 'f'';' AS f, $t$;$t$ AS g /* ; /* ; */ ; */ -- ;";
    await runSqlCell(db, { id: 'c', kind: 'sql', name: 'quoted', sql }, new AbortController().signal);
    expect(await db.query('SELECT * FROM quoted')).toEqual([{ d: 'a;b', e: "c';", f: "f';", g: ';' }]);
  });
});
