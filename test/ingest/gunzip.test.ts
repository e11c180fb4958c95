import { openAsBlob } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzipBlob } from '../../src/ingest/gunzip.ts';
import { loadSource } from '../../src/ingest/load-source.ts';
import { nodeParsers } from '../../src/ingest/node-parsers.ts';
import { errorOf, useLoaderFixtures } from './fixtures.ts';

const fx = useLoaderFixtures();
// The browser's parsers: the file comes as a Blob without a path, and is unzipped before DuckDB reads it.
const unzippingParsers = { ...nodeParsers, gunzip: gunzipBlob };
const CSV = 'id,name,amount\n1,Ana,10.5\n2,Bo,20\n3,Cy,\n';

describe('gzipped CSV unzipped ahead of DuckDB', () => {
  it('loads the same table as DuckDB unzipping it while it reads', async () => {
    const path = await fx.dir.write('ahead.csv.gz', gzipSync(Buffer.from(CSV)));
    const file = await openAsBlob(path);
    const ahead = await loadSource(fx.db, unzippingParsers, { file, fileName: 'ahead.csv.gz', table: 'unzipped_ahead' });
    const inDuckDb = await loadSource(fx.db, nodeParsers, { file, fileName: 'ahead.csv.gz', path, table: 'unzipped_by_duckdb' });
    expect(ahead.schema).toEqual(inDuckDb.schema);
    expect(ahead.rowCount).toBe(3);
    expect(await fx.db.query('SELECT * FROM unzipped_ahead ORDER BY id')).toEqual(await fx.db.query('SELECT * FROM unzipped_by_duckdb ORDER BY id'));
  });

  it('unzips a gzipped file whose name lacks .gz', async () => {
    const path = await fx.dir.write('export.csv', gzipSync(Buffer.from(CSV)));
    const loaded = await loadSource(fx.db, unzippingParsers, { file: await openAsBlob(path), fileName: 'export.csv', table: 'no_gz_name' });
    expect(loaded.rowCount).toBe(3);
  });

  it('refuses a cut-off gzip file by name and says what to do', async () => {
    const whole = gzipSync(Buffer.from(CSV.repeat(200)));
    const path = await fx.dir.write('cut.csv.gz', whole.subarray(0, Math.floor(whole.length / 2)));
    const error = await errorOf(loadSource(fx.db, unzippingParsers, { file: await openAsBlob(path), fileName: 'cut.csv.gz', table: 'cut' }));
    expect(error.message).toMatch(/^cut\.csv\.gz could not be unzipped \(.+\): the gzip file is damaged or cut off\. Zip it again, or load the unzipped file\.$/);
  });
});
