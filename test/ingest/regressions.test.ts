// Regression tests, each named after what once went wrong in the loaders.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { errorOf, loadFile, useLoaderFixtures } from './fixtures.ts';

const fx = useLoaderFixtures();

describe('loader regressions', () => {
  it('a CSV whose last row has an extra field is refused instead of silently keeping only that row', async () => {
    const path = await fx.dir.write('last-row-extra.csv', 'id,name,amount\n1,Ana,10\n2,Bo,20\n3,Cy,30,40\n');
    const error = await errorOf(loadFile(fx.db, path, 'last_row_extra'));
    expect(error.message).toContain('line 4 has 4');
  });

  it('a gzipped CSV whose name lacks .gz is unzipped like a .csv.gz', async () => {
    const path = await fx.dir.write('export.csv', gzipSync(Buffer.from('id,name\n1,Ana\n2,Bo\n')));
    const loaded = await loadFile(fx.db, path, 'gz_without_extension');
    expect(loaded.rowCount).toBe(2);
  });

  it('a UTF-16 big-endian CSV with a byte-order mark loads with the right text instead of being called ragged', async () => {
    const text = Buffer.from('id,name\n1,José\n2,Zoë\n', 'utf16le').swap16();
    const path = await fx.dir.write('utf16be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), text]));
    const loaded = await loadFile(fx.db, path, 'utf16_be');
    expect(await fx.db.query(`SELECT name FROM ${loaded.table} ORDER BY id`)).toEqual([{ name: 'José' }, { name: 'Zoë' }]);
  });

  it('NDJSON line numbers count blank lines, so the reported line is the line in the file', async () => {
    const path = await fx.dir.write('gaps.ndjson', '{"id": 1}\n\n{"id": 2}\n{"id": \n');
    const error = await errorOf(loadFile(fx.db, path, 'gaps'));
    expect(error.message).toContain('gaps.ndjson, line 4:');
  });

  it('JSON strings shaped like dates but not real dates are kept as text, not shifted or turned into 1970-01-01', async () => {
    const path = await fx.dir.write('bad-dates.json', JSON.stringify([{ d: '2024-02-30' }, { d: '2024-13-01' }]));
    const loaded = await loadFile(fx.db, path, 'bad_dates');
    expect(loaded.schema).toEqual([{ name: 'd', type: 'VARCHAR' }]);
    expect(await fx.db.query('SELECT d FROM bad_dates')).toEqual([{ d: '2024-02-30' }, { d: '2024-13-01' }]);
  });
});

describe('a CSV column whose later values break the sniffed type', () => {
  it('is read as text with a note naming the column, the line and the value, instead of failing the file', async () => {
    const path = await fx.dir.write('mixed-dates.csv', 'id,d\n1,2024-01-02\n2,2024/05/06\n');
    const loaded = await loadFile(fx.db, path, 'mixed_dates');
    expect(loaded.schema).toEqual([{ name: 'id', type: 'BIGINT' }, { name: 'd', type: 'VARCHAR' }]);
    expect(loaded.notes.join(' ')).toMatch(/column "d" looked like DATE, but line \d has "[^"]+"; it was read as text/);
    expect(await fx.db.query('SELECT d FROM mixed_dates ORDER BY id')).toEqual([{ d: '2024-01-02' }, { d: '2024/05/06' }]);
  });
});
