import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { quoteLiteral } from '../../src/db/sql-quote.ts';
import { SNIFFER_SAMPLE_ROWS, zeroPaddedColumns } from '../../src/ingest/leading-zeros.ts';

let db: NodeDatabase;

beforeAll(async () => {
  db = await NodeDatabase.open();
});
afterAll(() => db?.close());

describe('zero-padded integers past the sniffer sample', () => {
  it('finds the same columns as a regular expression over every value, whatever the value starts with', async () => {
    const late = SNIFFER_SAMPLE_ROWS + 500;
    // Each column has one odd value past the sample: padded after a space, a sign, a tab; or only
    // "0", "-0" and values like 90 and 700 that contain zeros but are not padded.
    const cases: Record<string, string> = { spaced: ' 0042', signed: '-007', plus: '+09', tabbed: '\t012', zero: '0', negzero: '-0', tens: '90', hundreds: '700' };
    const names = Object.keys(cases);
    const lines = [names.join(','), ...Array.from({ length: late + 100 }, (_, i) => names.map((_, j) => String(i + 1 + j)).join(','))];
    lines[late] = names.map((n) => cases[n]).join(',');
    const path = await db.registerUpload({ name: 'late.csv', blob: new Blob([lines.join('\n') + '\n']) });
    await db.exec(`CREATE OR REPLACE TABLE staged AS SELECT * FROM read_csv(${quoteLiteral(path)}, skip=0)`);
    const found = await zeroPaddedColumns(db, path, ', skip=0', 'staged');
    const [plain] = await db.query(
      `SELECT ${names.map((n, i) => `any_value("${n}") FILTER (WHERE regexp_matches("${n}", '^\\s*[-+]?0[0-9]+\\s*$')) AS z${i}`).join(', ')} FROM read_csv(${quoteLiteral(path)}, skip=0, all_varchar=true)`,
    );
    const expected = names.flatMap((n, i) => (plain[`z${i}`] === null ? [] : [{ column: n, example: String(plain[`z${i}`]) }]));
    expect(found).toEqual(expected);
    expect(found.map((f) => f.column)).toEqual(['spaced', 'signed', 'plus', 'tabbed']);
  });
});
