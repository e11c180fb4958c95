import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { quoteLiteral } from '../../src/db/sql-quote.ts';
import { SNIFFER_SAMPLE_ROWS } from '../../src/ingest/leading-zeros.ts';
import { loadFile, useLoaderFixtures } from './fixtures.ts';

const fx = useLoaderFixtures();
const late = SNIFFER_SAMPLE_ROWS + 500;

/** The one row of a query run by a plain DuckDB, outside the app's lockdown: the independent reading of the file. */
async function plainDuckDb(sql: string): Promise<Record<string, unknown>> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjects()[0];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Every row of a table or file as one text, in order, for comparing two readings. */
const digest = (from: string, columns: string[]) =>
  `SELECT md5(string_agg(concat_ws('|', ${columns.map((c) => `${c}::VARCHAR`).join(', ')}, typeof(${columns[0]})), ';' ORDER BY rn)) AS h FROM (SELECT *, row_number() OVER () AS rn FROM ${from})`;

/** A CSV of integer columns, each column j holding i + 1 + j on line i, with `odd` values on one line past the sniffer's sample. */
function lateCsv(odd: Record<string, string>, rows = late + 100): string {
  const names = Object.keys(odd);
  const lines = [names.join(','), ...Array.from({ length: rows }, (_, i) => names.map((_, j) => String(i + 1 + j)).join(','))];
  lines[late] = names.map((n) => odd[n]).join(',');
  return lines.join('\n') + '\n';
}

describe('integer columns with leading zeros past the sniffer sample', () => {
  it('stay text exactly when a regular expression over every value of the file finds a zero-padded one', async () => {
    // Each column has one odd value past the sample: padded after a space, a sign, a tab; or only
    // "0", "-0" and values like 90 and 700 that contain zeros but are not padded.
    const cases: Record<string, string> = { spaced: ' 0042', signed: '-007', plus: '+09', tabbed: '\t012', zero: '0', negzero: '-0', tens: '90', hundreds: '700' };
    const names = Object.keys(cases);
    const path = await fx.dir.write('late.csv', lateCsv(cases));
    const loaded = await loadFile(fx.db, path, 'late');
    const plain = await plainDuckDb(
      `SELECT ${names.map((n, i) => `bool_or(regexp_matches("${n}", '^\\s*[-+]?0[0-9]+\\s*$')) AS z${i}`).join(', ')} FROM read_csv(${quoteLiteral(path)}, skip=0, all_varchar=true)`,
    );
    const padded = names.filter((_, i) => plain[`z${i}`] === true);
    expect(padded).toEqual(['spaced', 'signed', 'plus', 'tabbed']);
    expect(Object.fromEntries(loaded.schema.map((c) => [c.name, c.type]))).toEqual(
      Object.fromEntries(names.map((n) => [n, padded.includes(n) ? 'VARCHAR' : 'BIGINT'])),
    );
    expect(loaded.notes.filter((n) => n.includes('leading zeros'))).toEqual([
      'late.csv: column "spaced" has values with leading zeros, such as "0042"; it was read as text (VARCHAR) to keep them.',
      'late.csv: column "signed" has values with leading zeros, such as "-007"; it was read as text (VARCHAR) to keep them.',
      'late.csv: column "plus" has values with leading zeros, such as "+09"; it was read as text (VARCHAR) to keep them.',
      'late.csv: column "tabbed" has values with leading zeros, such as "012"; it was read as text (VARCHAR) to keep them.',
    ]);
    // The padded text is kept as written.
    expect(await fx.db.query(`SELECT signed, zero FROM late WHERE rowid = ${late - 1}`)).toEqual([{ signed: '-007', zero: 0 }]);
  });

  it('are typed in the one read of the file, to the same values as DuckDB reading it with the sniffer\'s types', async () => {
    const path = await fx.dir.write('ints.csv', lateCsv({ a: '-5', b: '2.5', c: '1e3', d: ' 7 ' }));
    const reads: string[] = [];
    const recording = new Proxy(fx.db, {
      get(target, key) {
        const value = Reflect.get(target, key);
        if (key !== 'exec' && key !== 'query') return typeof value === 'function' ? value.bind(target) : value;
        return (sql: string, options?: object) => {
          if (sql.includes('read_csv(') && !sql.startsWith('DESCRIBE')) reads.push(sql);
          return value.call(target, sql, options);
        };
      },
    });
    const loaded = await loadFile(recording, path, 'ints');
    expect(reads).toHaveLength(1);
    expect(loaded.schema.map((c) => c.type)).toEqual(['BIGINT', 'BIGINT', 'BIGINT', 'BIGINT']);
    expect(loaded.notes).toEqual([]);
    const [ours] = await fx.db.query(digest('ints', ['a', 'b', 'c', 'd']));
    const reader = await plainDuckDb(digest(`read_csv(${quoteLiteral(path)}, skip=0)`, ['a', 'b', 'c', 'd']));
    expect(ours.h).toBe(reader.h);
  });

  it('a value past the sample that is no integer is still named by its line, and the other columns keep their type', async () => {
    const loaded = await loadFile(fx.db, await fx.dir.write('late_word.csv', lateCsv({ a: '1', b: 'many', c: '007' })), 'late_word');
    expect(loaded.notes[0]).toBe(`late_word.csv: column "b" looked like BIGINT, but line ${late + 1} has "many"; it was read as text (VARCHAR). Choose a type in the schema preview once the values agree, or convert them in a SQL cell.`);
    expect(loaded.notes[1]).toMatch(/column "c" has values with leading zeros, such as "007"/);
    expect(loaded.schema.map((c) => c.type)).toEqual(['BIGINT', 'VARCHAR', 'VARCHAR']);
  });
});
