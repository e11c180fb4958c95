import { describe, expect, it } from 'vitest';
import { parseWorkbook, serializeWorkbook } from '../../src/engine/workbook-format.ts';
import { useLoaderFixtures } from '../ingest/fixtures.ts';
import { sourceStore } from './source-host.ts';

const fx = useLoaderFixtures();

const TABLE = 'id\tspend\n1\t10.5\n2\t20\n';

describe('a pasted table whose data is gone', () => {
  it('is marked pasted in the workbook, and comes back by pasting it again, checked against its columns', async () => {
    const { sources, workbook, profiled } = sourceStore(fx.db);
    expect(await sources.addPasted(TABLE)).toBe(true);
    expect(workbook().sources).toMatchObject([{ name: 'pasted_1', file: 'pasted_1.tsv', origin: 'file', pasted: true }]);
    // Saved and opened again, it is still a pasted table; a file source never is.
    const reopened = parseWorkbook(serializeWorkbook(workbook()));
    expect(reopened.sources[0].pasted).toBe(true);
    expect(parseWorkbook(serializeWorkbook({ ...reopened, sources: [{ ...reopened.sources[0], pasted: undefined }] })).sources[0]).not.toHaveProperty('pasted');

    await profiled();
    await sources.unload('pasted_1');
    expect(sources.get('pasted_1')).toMatchObject({ status: 'missing', missing: 'reload' });

    // Another table pasted in its place: refused, in words about the pasted table, not a file.
    expect(await sources.attachPasted('pasted_1', 'name\tspend\nx\t1\n')).toBe(false);
    expect(sources.get('pasted_1')?.mismatch?.problems).toEqual([
      'The pasted table has no column id (BIGINT).',
      'Column spend is BIGINT in the pasted table; pasted_1 had DOUBLE.',
      'The pasted table also has name, which the workbook does not use.',
    ]);

    expect(await sources.attachPasted('pasted_1', TABLE)).toBe(true);
    expect(sources.get('pasted_1')).toMatchObject({ status: 'ready', rowCount: 2 });
    expect(await fx.db.query('SELECT sum(spend) AS spend FROM pasted_1')).toEqual([{ spend: 30.5 }]);
    expect(workbook().sources).toMatchObject([{ name: 'pasted_1', file: 'pasted_1.tsv', pasted: true }]);
    await profiled();
  });
});
