import { describe, expect, it } from 'vitest';
import { encodeTable } from '../../src/db/table-encoders.ts';
import { exportTable } from '../../src/db/table-export.ts';
import { emptyWorkbook } from '../../src/engine/workbook.ts';
import { linkDataFor } from '../../src/ui/share/link-data.ts';
import { useLoaderFixtures } from '../ingest/fixtures.ts';
import { bigSheet, book, sheet, xlsxBytes } from '../ingest/fixtures/make-xlsx.ts';
import { sourceStore, xlsxFile } from './source-host.ts';

const fx = useLoaderFixtures();

const csvOf = async (table: string) =>
  new Blob([new Uint8Array(await exportTable(fx.db, table, 'csv', async (ipc, decimals, f) => encodeTable(ipc, decimals, f, () => new Uint8Array())))]);

describe("an Excel source's data in a share link", () => {
  it("travels as its sheet's CSV, says so, and comes back with the same columns, types and values", async () => {
    const mine = sourceStore(fx.db);
    const bytes = xlsxBytes(book({ Notes: sheet([['n'], ['x']]), Customers: bigSheet(300) }));
    const added = mine.sources.addFiles([xlsxFile(bytes, 'crm.xlsx')]);
    await expect.poll(() => mine.sources.get('crm')?.status).toBe('choosing');
    await mine.sources.chooseSheet('crm', 'Customers');
    expect(await added).toEqual([true]);

    const [entry] = await linkDataFor(mine.workbook().sources, (t) => mine.sources.fileOf(t), csvOf);
    expect(entry).toMatchObject({ table: 'crm', file: 'crm.xlsx', label: 'the data of sheet "Customers" of crm.xlsx, as CSV,', reason: null });
    expect(entry.text?.split('\r\n')[0]).toBe('customer_id,name,region,orders,revenue,first_order,last_seen,active,score,code');

    // Whoever opens the link: the same source, its data from the CSV text.
    const spec = mine.workbook().sources[0];
    const theirs = sourceStore(fx.db, { ...emptyWorkbook(), sources: [{ ...spec, name: 'crm_linked' }] });
    expect(await theirs.sources.loadText('crm_linked', entry.text!)).toBe(true);
    expect(theirs.workbook().sources[0]).toMatchObject({ name: 'crm_linked', file: 'crm.xlsx', format: 'excel', sheet: 'Customers', schema: spec.schema });
    expect(theirs.sources.get('crm_linked')?.notes).toContain(
      'crm_linked was loaded from the data of sheet "Customers" of crm.xlsx, carried in the link as CSV text: the link holds no Excel file. Attach crm.xlsx to read the workbook itself.',
    );
    // Every value, zero-padded codes and times included, against the table read from the .xlsx.
    const differ = await fx.db.query('SELECT count(*) AS n FROM ((SELECT * FROM crm EXCEPT ALL SELECT * FROM crm_linked) UNION ALL (SELECT * FROM crm_linked EXCEPT ALL SELECT * FROM crm))');
    expect(differ).toEqual([{ n: 0 }]);
    expect(await fx.db.query('SELECT count(*) AS n, min(code) AS code FROM crm_linked')).toEqual([{ n: 300, code: '00000' }]);
    await mine.profiled();
    await theirs.profiled();
  });

  it('is not offered while the table is not loaded, and says why', async () => {
    const spec = { name: 'gone', file: 'gone.xlsx', origin: 'file' as const, format: 'excel' as const, columnTypes: {}, schema: [], sheet: 'S' };
    expect(await linkDataFor([spec], () => undefined, async () => undefined)).toEqual([
      { table: 'gone', file: 'gone.xlsx', label: 'the data of sheet "S" of gone.xlsx, as CSV,', text: null, compressedBytes: null, reason: 'its table is not loaded in this tab' },
    ]);
  });
});
