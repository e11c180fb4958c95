import { describe, expect, it } from 'vitest';
import { emptyWorkbook } from '../../src/engine/workbook.ts';
import { excelSheetNames, visibleSheetsOfWorkbookXml } from '../../src/ingest/excel/sheet-list.ts';
import { useLoaderFixtures } from '../ingest/fixtures.ts';
import { sourceStore, xlsxFile } from './source-host.ts';
import { book, encryptedBytes, sheet, xlsxBytes } from '../ingest/fixtures/make-xlsx.ts';

const fx = useLoaderFixtures();

const REGIONS = () => xlsxBytes(book({
  North: sheet([['id', 'spend'], ['n1', 10], ['n2', 5]]),
  Secret: sheet([['x'], [1]]),
  South: sheet([['id', 'spend'], ['s1', 7]]),
  'Q&A "1"': sheet([['q'], ['why']]),
}, { hidden: ['Secret'] }));

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

const rows = (table: string) => fx.db.query(`SELECT * FROM "${table}" ORDER BY 1`);

describe('an Excel file with several sheets asks which to load', () => {
  it('lists the visible sheets from workbook.xml without reading them; an unreadable file lists none', async () => {
    expect(await excelSheetNames(REGIONS())).toEqual(['North', 'South', 'Q&A "1"']);
    expect(await excelSheetNames(xlsxBytes(book({ A: sheet([['a'], [1]]), B: sheet([['b'], [2]]), C: sheet([['c'], [3]]) }, { hidden: ['B'] }), 'biff8'))).toEqual(['A', 'C']);
    expect(await excelSheetNames(encryptedBytes())).toEqual([]);
    expect(await excelSheetNames(REGIONS().slice(0, 200))).toEqual([]);
    expect(visibleSheetsOfWorkbookXml('<sheets><sheet name="a" state="veryHidden"/><x:sheet name="b &amp; c" sheetId="2"/></sheets>')).toEqual(['b & c']);
  });

  it('reads nothing until a sheet is chosen, then loads that sheet and saves it on the source', async () => {
    const { sources, workbook, profiled } = sourceStore(fx.db);
    const added = sources.addFiles([xlsxFile(REGIONS(), 'regions.xlsx')]);
    await until(() => sources.get('regions')?.status === 'choosing');
    expect(sources.get('regions')?.sheets).toEqual(['North', 'South', 'Q&A "1"']);
    expect(await fx.db.query(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'regions'`)).toEqual([{ n: 0 }]);
    expect(await sources.chooseSheet('regions', 'South')).toBe(true);
    expect(await added).toEqual([true]);
    expect(workbook().sources).toMatchObject([{ name: 'regions', file: 'regions.xlsx', format: 'excel', sheet: 'South' }]);
    expect(await rows('regions')).toEqual([{ id: 's1', spend: 7 }]);
    await profiled();
  });

  it('loads each sheet as its own source, each with the file\'s handle, and removes one like any other', async () => {
    const { sources, workbook, handles, profiled } = sourceStore(fx.db);
    const handle = { kind: 'file', name: 'crm.xlsx' } as unknown as FileSystemFileHandle;
    const added = sources.addFiles([xlsxFile(REGIONS(), 'crm.xlsx')], [handle]);
    await until(() => sources.get('crm')?.status === 'choosing');
    expect(await sources.loadEachSheet('crm')).toEqual([true, true, true]);
    expect(await added).toEqual([true]);
    expect(workbook().sources.map((s) => [s.name, s.sheet, s.format, s.file])).toEqual([
      ['crm', 'North', 'excel', 'crm.xlsx'], ['crm_south', 'South', 'excel', 'crm.xlsx'], ['crm_q_a_1', 'Q&A "1"', 'excel', 'crm.xlsx'],
    ]);
    expect(await rows('crm')).toEqual([{ id: 'n1', spend: 10 }, { id: 'n2', spend: 5 }]);
    expect(await rows('crm_south')).toEqual([{ id: 's1', spend: 7 }]);
    expect(await rows('crm_q_a_1')).toEqual([{ q: 'why' }]);
    expect(Object.fromEntries(handles)).toEqual({ crm: handle, crm_south: handle, crm_q_a_1: handle });
    // Asked again, from any of them, it adds nothing: each sheet is already a table.
    expect(await sources.loadEachSheet('crm_south')).toEqual([true]);
    expect(sources.sheetsNotLoaded('crm')).toEqual(['North']);
    expect(workbook().sources).toHaveLength(3);
    await sources.remove('crm_south');
    expect(sources.sheetsNotLoaded('crm')).toEqual(['North', 'South']);
    expect(workbook().sources.map((s) => s.name)).toEqual(['crm', 'crm_q_a_1']);
    expect(handles.get('crm_south')).toBeNull();
    await profiled();
  });

  it('a source waiting for its choice, removed, settles as not loaded; a one-sheet file loads at once', async () => {
    const { sources, workbook, profiled } = sourceStore(fx.db);
    const added = sources.addFiles([xlsxFile(REGIONS(), 'gone.xlsx'), xlsxFile(xlsxBytes(book({ Only: sheet([['a'], [1]]) })), 'one.xlsx')]);
    await until(() => sources.get('gone')?.status === 'choosing');
    await sources.remove('gone');
    expect(await added).toEqual([false, true]);
    expect(workbook().sources.map((s) => [s.name, s.sheet])).toEqual([['one', 'Only']]);
    await profiled();
  });

  it('a shared workbook naming a sheet loads that sheet when its file is attached', async () => {
    const { sources, workbook, profiled } = sourceStore(fx.db);
    const added = sources.addFiles([xlsxFile(REGIONS(), 'shared.xlsx')]);
    await until(() => sources.get('shared')?.status === 'choosing');
    await sources.chooseSheet('shared', 'South');
    await added;
    const schema = workbook().sources[0].schema;
    // Opened elsewhere: the data is not there, and attaching the file reads the named sheet, not the first.
    const other = sourceStore(fx.db, { ...emptyWorkbook(), sources: [{ ...workbook().sources[0], name: 'shared_b' }] });
    other.sources.markMissing('shared_b', 'shared');
    expect(await other.sources.attach('shared_b', xlsxFile(REGIONS(), 'shared.xlsx'))).toBe(true);
    expect(other.workbook().sources).toMatchObject([{ name: 'shared_b', sheet: 'South', schema }]);
    expect(await rows('shared_b')).toEqual([{ id: 's1', spend: 7 }]);
    await profiled();
    await other.profiled();
  });
});
