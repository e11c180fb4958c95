import { describe, expect, it } from 'vitest';
import { createCell } from '../../src/engine/new-cell.ts';
import { DEFAULT_PLAYBOOK } from '../../src/engine/cells/profile/playbook.ts';
import { DEFAULT_RFM_SEGMENT_MAP } from '../../src/engine/cells/rfm/rfm-segments.ts';
import {
  LINK_PREFIX, MAX_JSON_BYTES, ShareLinkError, decodeShareHash, encodeShareHash, fromBase64Url, packShareHash, toBase64Url, gzip,
} from '../../src/engine/share-link.ts';
import { WORKBOOK_VERSION, emptyWorkbook, type Cell, type CellKind, type ColumnSpec, type Workbook } from '../../src/engine/workbook.ts';

const CUSTOMERS: ColumnSpec[] = [
  ['customer_id', 'BIGINT'], ['signup_date', 'DATE'], ['country', 'VARCHAR'], ['region', 'VARCHAR'], ['city', 'VARCHAR'],
  ['age', 'BIGINT'], ['gender', 'VARCHAR'], ['income', 'BIGINT'], ['channel_preference', 'VARCHAR'], ['email_opt_in', 'BOOLEAN'],
  ['segment_truth', 'VARCHAR'],
].map(([name, type]) => ({ name, type }));
const TRANSACTIONS: ColumnSpec[] = [
  ['invoice_id', 'VARCHAR'], ['customer_id', 'BIGINT'], ['invoice_date', 'TIMESTAMP'], ['product_category', 'VARCHAR'],
  ['quantity', 'BIGINT'], ['unit_price', 'DOUBLE'], ['channel', 'VARCHAR'],
].map(([name, type]) => ({ name, type }));

let ids = 0;

const PINNED_PLAYBOOK = 3502604559;
const PINNED_SEGMENT_MAP = 3395955994;

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

async function gunzip(hash: string): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = fromBase64Url(hash.slice(hash.indexOf('.') + 1));
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
}

/** Adds a cell as the app would (createCell's defaults, then what a user sets) with a predictable id. */
function add(wb: Workbook, kind: CellKind, patch: Record<string, unknown> = {}): Cell {
  const columns = (t: string) => (t === 'retail_transactions' ? TRANSACTIONS : t === 'retail_customers' ? CUSTOMERS : []);
  const cell = { ...createCell(kind, wb, wb.cells.length, columns), ...patch, id: `c${(++ids).toString(16).padStart(12, '0')}` };
  wb.cells.push(cell as Cell);
  return cell as Cell;
}

/** A fitted k-means model on five features, as a cluster cell stores it after running. */
function fittedModel(k: number) {
  const columns = ['recency_days', 'orders', 'revenue', 'age', 'income'];
  return {
    preparation: {
      numeric: columns.map((column, i) => ({
        column, log1p: i > 0 && i < 3, clipLow: i === 2 ? 0 : null, clipHigh: i === 2 ? 8.91 : null, fill: null,
        center: 10.5 + i * 3.25, scale: 1.75 + i * 0.5,
      })),
      categorical: [],
      columns,
      kept: [0, 1, 2, 3, 4],
    },
    centroids: Array.from({ length: k * columns.length }, (_, i) => Math.round(Math.sin(i + 1) * 1e6) / 1e6),
    k,
    distanceP99: 3.141593,
  };
}

function sampleSources(wb: Workbook): void {
  wb.sources = [
    { name: 'retail_customers', file: 'retail-customers.csv', origin: 'sample', format: 'csv', columnTypes: {}, schema: CUSTOMERS },
    { name: 'retail_transactions', file: 'retail-transactions.csv', origin: 'sample', format: 'csv', columnTypes: {}, schema: TRANSACTIONS },
  ];
}

/** A typical analysis of ten cells: a note, two queries, RFM, clustering with its model, validation, scoring, profile, KPIs, a chart. */
function typicalWorkbook(): Workbook {
  const wb = emptyWorkbook('Retail segmentation, spring review');
  sampleSources(wb);
  add(wb, 'markdown', { text: '# Retail segments\n\nRFM scores, then k-means on value and demographics. Check the validation before acting.' });
  add(wb, 'sql', {
    name: 'customer_value',
    sql: "SELECT customer_id,\n       count(DISTINCT invoice_id) AS orders,\n       round(sum(quantity * unit_price), 2) AS revenue,\n       max(invoice_date) AS last_order\nFROM retail_transactions\nWHERE invoice_id NOT LIKE 'C%'\nGROUP BY customer_id",
  });
  add(wb, 'sql', {
    name: 'features',
    sql: "SELECT v.*, c.age, c.income, date_diff('day', v.last_order, TIMESTAMP '2025-01-01') AS recency_days\nFROM customer_value v JOIN retail_customers c USING (customer_id)",
  });
  add(wb, 'rfm', { input: 'retail_transactions', amount: 'quantity * unit_price', exclude: "invoice_id LIKE 'C%'" });
  add(wb, 'cluster', {
    name: 'segments', input: 'features',
    features: { numeric: fittedModel(1).preparation.columns.map((column) => ({ column, scale: 'standard', log1p: false, clip: null })), categorical: [], missing: 'drop' },
    k: 5, model: fittedModel(5),
  });
  add(wb, 'validate', { input: 'segments', valueColumn: 'revenue' });
  add(wb, 'score', { name: 'scored', input: 'features', model: 'segments' });
  add(wb, 'profile', {
    input: 'segments', numeric: ['orders', 'revenue', 'age'], categorical: [], valueColumn: 'revenue', targets: ['1', '3'],
    personas: { '1': { name: 'Loyal big spenders', description: 'Order monthly, spend the most.' } },
  });
  add(wb, 'kpi', { segments: 'segments' });
  add(wb, 'chart', { input: 'segments', mark: 'dot', x: 'recency_days', y: 'revenue', color: 'segment', title: 'Value by recency' });
  return wb;
}

/** One cell of every kind, each with settings changed from its defaults. */
function everyKindWorkbook(): Workbook {
  const wb = typicalWorkbook();
  add(wb, 'clv', { input: 'retail_transactions', amount: 'quantity * unit_price', calibrationEnd: '2024-06-30', horizon: 26 });
  add(wb, 'rules', {
    input: 'customer_value',
    segments: [
      { name: 'VIP', match: 'all', conditions: [{ column: 'revenue', op: 'top %', value: '10' }, { column: 'orders', op: 'between', value: '5', value2: '50' }] },
      { name: 'One-off', match: 'any', conditions: [{ column: 'orders', op: '=', value: '1' }] },
    ],
    elseSegment: 'Regular',
  });
  add(wb, 'migration', { before: 'rule_segments', after: 'segments', key: 'customer_id', beforeColumn: 'segment' });
  const rfm = wb.cells.find((c) => c.kind === 'rfm');
  if (rfm?.kind === 'rfm') rfm.bins = { kind: 'edges', recency: [30, 90, 180, 365], frequency: [1, 2, 4, 8], monetary: [50, 200, 500, 2000] };
  const profile = wb.cells.find((c) => c.kind === 'profile');
  if (profile?.kind === 'profile') {
    profile.personas['2'] = { name: 'Bargain hunters', actions: ['Flash sales', 'Bundles'] };
    profile.churn = { table: 'clv', key: 'customer_id', threshold: 0.4 };
    profile.attributes = ['age'];
    profile.previous = 'rule_segments';
    profile.explainColumns = ['orders', 'revenue'];
  }
  wb.sources.push({
    name: 'survey', file: 'survey 2024.csv', origin: 'file', format: 'csv', columnTypes: { answered: 'DATE' },
    schema: [{ name: 'customer_id', type: 'BIGINT' }, { name: 'answered', type: 'DATE' }, { name: 'score', type: 'DOUBLE' }],
  });
  return wb;
}

async function expectRefused(hash: string, message: RegExp): Promise<void> {
  const error = await decodeShareHash(hash).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ShareLinkError);
  expect((error as Error).message).toMatch(message);
}

describe('share links', () => {
  it('round-trip a workbook with one cell of every kind exactly', async () => {
    const wb = everyKindWorkbook();
    const kinds = new Set(wb.cells.map((c) => c.kind));
    expect([...kinds].sort()).toEqual(['chart', 'cluster', 'clv', 'kpi', 'markdown', 'migration', 'profile', 'rfm', 'rules', 'score', 'sql', 'validate']);
    const hash = await encodeShareHash({ workbook: wb, data: {} });
    expect(hash).toMatch(/^#wb=1\.[A-Za-z0-9_-]+$/);
    const back = await decodeShareHash(hash);
    expect(back.workbook).toEqual(wb);
    expect(back.data).toEqual({});
    console.log(`share link, one cell of every kind (${wb.cells.length} cells, 3 sources): ${hash.length} characters`);
  });

  it('keeps a typical 10-cell workbook under 2,500 characters', async () => {
    const wb = typicalWorkbook();
    expect(wb.cells).toHaveLength(10);
    const hash = await encodeShareHash({ workbook: wb, data: {} });
    expect(await decodeShareHash(hash)).toEqual({ workbook: wb, data: {} });
    console.log(`share link, typical 10-cell workbook: ${hash.length} characters (JSON ${JSON.stringify(wb).length})`);
    expect(hash.length).toBeLessThan(2_500);
  });

  it('carries small data files for file sources, and refuses data for tables that are not its files', async () => {
    const wb = everyKindWorkbook();
    const csv = 'customer_id,answered,score\n1,2024-05-01,4.5\n2,2024-05-02,"3,5"\n';
    const back = await decodeShareHash(await encodeShareHash({ workbook: wb, data: { survey: csv } }));
    expect(back.data).toEqual({ survey: csv });
    expect(back.workbook).toEqual(wb);
    const forSample = await packShareHash(JSON.stringify({ ...wb, data: { retail_customers: 'x\n1\n' } }), 1);
    await expectRefused(forSample, /includes data for "retail_customers", which is not one of its data files/);
  });

  it('refuses empty, non-base64, truncated and corrupted links with a message saying what to do', async () => {
    const good = await encodeShareHash({ workbook: typicalWorkbook(), data: {} });
    await expectRefused('', /not a Segbook share link/);
    await expectRefused('#wb=', /no format version/);
    await expectRefused('#wb=1.', /empty/);
    await expectRefused('#wb=1.abc$%20def', /holds "\$" at character 4/);
    await expectRefused('#wb=1.' + 'ÿ'.repeat(8), /holds "ÿ"/);
    await expectRefused(good.slice(0, Math.floor(good.length / 2)), /damaged or was cut short|cut short/);
    await expectRefused(good.slice(0, good.length - 5), /damaged or was cut short|cut short/);
    const flipped = good.slice(0, 40) + (good[40] === 'A' ? 'B' : 'A') + good.slice(41);
    await expectRefused(flipped, /damaged/);
    await expectRefused('#wb=1.' + toBase64Url(new TextEncoder().encode('plain text, no gzip')), /damaged or was cut short/);
  });

  it('refuses gzip that is not a workbook, or whose version disagrees with the link', async () => {
    await expectRefused(await packShareHash('not json', 1), /not a workbook/);
    await expectRefused(await packShareHash('{"format":"other"}', 1), /says format 1 but holds something else/);
    await expectRefused(await packShareHash('{"format":"other","version":1}', 1), /not a Segbook workbook/);
    const badName = { ...emptyWorkbook(), cells: [{ id: 'a', kind: 'sql', name: '<img src=x onerror=alert(1)>', sql: 'SELECT 1' }] };
    await expectRefused(await packShareHash(JSON.stringify(badName), 1), /invalid table name/);
  });

  it('names the newer format of a link from a future Segbook before unpacking anything', async () => {
    const future = WORKBOOK_VERSION + 6;
    await expectRefused(`${LINK_PREFIX}${future}.!!!not-even-base64`, new RegExp(`newer Segbook \\(format ${future}\\); this one reads up to format ${WORKBOOK_VERSION}. Update Segbook`));
  });

  // How long refusing takes is measured by `npm run bench`; here, that each is refused for its size.
  it('refuses a 10 MB link by its length and a gzip bomb once it unpacks past 5 MB', async () => {
    await expectRefused('#wb=1.' + 'A'.repeat(10 * 1024 * 1024), /10,485,766 characters long; Segbook opens links up to 2,097,152/);
    const bomb = await packShareHash(`{"format":"segbook-workbook","version":1,"title":"${' '.repeat(MAX_JSON_BYTES * 4)}"}`, 1);
    expect(bomb.length).toBeLessThan(100_000);
    await expectRefused(bomb, /unpacks to more than 5 MB/);
  });

  it('leaves unchanged default playbooks and segment maps out of the link, and keeps edited ones', async () => {
    const wb = typicalWorkbook();
    const plain = async (w: Workbook) => JSON.parse(new TextDecoder().decode(await gunzip(await encodeShareHash({ workbook: w, data: {} }))));
    const linked = await plain(wb);
    expect(linked.cells.find((c: Cell) => c.kind === 'profile')).not.toHaveProperty('playbook');
    expect(linked.cells.find((c: Cell) => c.kind === 'rfm')).not.toHaveProperty('segmentMap');
    const profile = wb.cells.find((c) => c.kind === 'profile');
    if (profile?.kind !== 'profile') throw new Error('no profile cell');
    profile.playbook = [];
    expect((await plain(wb)).cells.find((c: Cell) => c.kind === 'profile').playbook).toEqual([]);
    expect((await decodeShareHash(await encodeShareHash({ workbook: wb, data: {} }))).workbook).toEqual(wb);
  });

  it('pins the defaults that format-1 links leave out', () => {
    // Links already shared rely on these values; a change needs the old ones kept for format 1.
    expect(fnv1a(JSON.stringify(DEFAULT_PLAYBOOK))).toBe(PINNED_PLAYBOOK);
    expect(fnv1a(JSON.stringify(DEFAULT_RFM_SEGMENT_MAP))).toBe(PINNED_SEGMENT_MAP);
  });

  it('compresses with gzip so that any gzip tool can read a link', async () => {
    const bytes = await gzip(new TextEncoder().encode('{}'));
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
  });
});
