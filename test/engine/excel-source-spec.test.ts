import { describe, expect, it } from 'vitest';
import { ShareLinkError, decodeShareHash, encodeShareHash, packShareHash } from '../../src/engine/share-link.ts';
import { emptyWorkbook, type SourceSpec, type Workbook } from '../../src/engine/workbook.ts';
import { parseWorkbook, serializeWorkbook } from '../../src/engine/workbook-format.ts';

const orders: SourceSpec = {
  name: 'orders', file: 'crm-export.xlsx', origin: 'file', format: 'excel', columnTypes: {}, schema: [{ name: 'order', type: 'BIGINT' }], sheet: 'Orders 2024',
};
const withSource = (source: unknown): Workbook => ({ ...emptyWorkbook('Excel'), sources: [source as SourceSpec] });

describe('the sheet an Excel source reads', () => {
  it('survives a save and open of the workbook file', () => {
    expect(parseWorkbook(serializeWorkbook(withSource(orders))).sources).toEqual([orders]);
  });

  it('survives a share link, which asks for that sheet when the file is attached', async () => {
    const shared = await decodeShareHash(await encodeShareHash({ workbook: withSource(orders), data: {} }));
    expect(shared.workbook.sources[0]).toEqual(orders);
  });

  it('is left out for files that have no sheets', () => {
    const csv: SourceSpec = { ...orders, format: 'csv', file: 'orders.csv' };
    delete csv.sheet;
    expect(parseWorkbook(serializeWorkbook(withSource(csv))).sources[0]).not.toHaveProperty('sheet');
  });

  it.each([
    ['a name with a control character', 'Orders\u0007'],
    ['a name longer than Excel allows', 'x'.repeat(32)],
    ['an empty name', ''],
    ['a name with a character Excel forbids', 'a/b'],
    ['a number', 3],
    ['an object', { toString: 'Orders' }],
  ])('refuses a link whose sheet is %s', async (_, sheet) => {
    const json = JSON.stringify(withSource({ ...orders, sheet }));
    const e = await decodeShareHash(await packShareHash(json, 1)).then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(ShareLinkError);
    expect((e as Error).message).toContain('source orders names an invalid sheet');
  });
});
