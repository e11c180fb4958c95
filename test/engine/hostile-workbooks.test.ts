// Workbooks built to break the reader rather than the database: nesting deeper than the stack,
// keys that name Object.prototype's members, kinds that exist only on a prototype, and more cells
// than a page can draw. Each must be refused with a message that says why, or open normally.
import { describe, expect, it } from 'vitest';
import { MAX_CELLS, MAX_JSON_DEPTH, jsonDepth } from '../../src/engine/json-limits.ts';
import { ShareLinkError, decodeShareHash, encodeShareHash, packShareHash } from '../../src/engine/share-link.ts';
import { emptyWorkbook, type Cell, type SourceSpec } from '../../src/engine/workbook.ts';
import { WorkbookFormatError, parseWorkbook } from '../../src/engine/workbook-format.ts';

const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

function sqlCells(n: number): Cell[] {
  return Array.from({ length: n }, (_, i): Cell => ({ id: `c${i}`, kind: 'sql', name: `t${i}`, sql: `SELECT ${i} AS n` }));
}

function doc(cells: unknown[], sources: unknown[] = []): string {
  return JSON.stringify({ ...emptyWorkbook('Hostile'), sources, cells });
}

async function refusal(hash: string): Promise<string> {
  const e = await decodeShareHash(hash).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ShareLinkError);
  return (e as Error).message;
}

function nested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

describe('JSON nested deeper than any workbook', () => {
  const deepRule = (depth: number) =>
    doc([
      {
        id: 'r', kind: 'rules', name: 'r', input: 'people', elseSegment: 'rest',
        segments: [{ name: 's', match: 'all', conditions: [{ column: 'age', op: 'between', value: '1', value2: '@@' }] }],
      },
    ]).replace('"@@"', nested(depth));

  it('refuses a link nested 100,000 deep in a rule value with a plain message, not a stack overflow', async () => {
    const message = await refusal(await packShareHash(deepRule(100_000), 1));
    expect(message).toBe(`This share link nests lists or objects more than ${MAX_JSON_DEPTH} levels deep, which no Segbook workbook does; it was not opened.`);
  });

  it('refuses a workbook file nested 100,000 deep the same way', () => {
    expect(() => parseWorkbook(deepRule(100_000), 'deep.json')).toThrow(
      new WorkbookFormatError(`deep.json nests lists or objects more than ${MAX_JSON_DEPTH} levels deep, which no Segbook workbook does; it was not opened.`),
    );
  });

  it('refuses a shallow list as a rule value, naming the condition, where String() used to walk it', async () => {
    const message = await refusal(await packShareHash(deepRule(3), 1));
    expect(message).toContain('cell r has a condition on "age" whose second value is not text or a number');
  });

  it('counts brackets outside strings only, and escaped quotes do not end a string', () => {
    expect(jsonDepth('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(jsonDepth('{"a":"[[[[{{{{"}')).toBe(1);
    expect(jsonDepth('{"a":"\\"[[[[","b":[[]]}')).toBe(3);
    expect(jsonDepth('"\\\\"')).toBe(0);
    expect(jsonDepth('{"a":"\\\\","b":[[]]}')).toBe(3);
    expect(jsonDepth(nested(MAX_JSON_DEPTH + 1000), MAX_JSON_DEPTH)).toBe(MAX_JSON_DEPTH + 1);
  });

  it('opens a workbook nested as deeply as the limit allows', () => {
    const wb = parseWorkbook(doc(sqlCells(1), [{ name: 'x', file: 'x.csv', format: 'csv', origin: 'file', schema: [], columnTypes: {}, extra: JSON.parse(nested(MAX_JSON_DEPTH - 3)) }]));
    expect(wb.sources.map((s) => s.name)).toEqual(['x']);
  });
});

describe('keys that name members of Object.prototype', () => {
  it('opens cells, sources, embedded data, column types and personas keyed __proto__ or constructor as ordinary names', async () => {
    const sources: SourceSpec[] = ['constructor', '__proto__', 'tostring'].map((name) => ({
      name, file: `${name}.csv`, origin: 'file', format: 'csv', columnTypes: {}, schema: [{ name: 'id', type: 'BIGINT' }],
    }));
    const cells: Cell[] = PROTO_KEYS.map((id, i): Cell => ({ id, kind: 'sql', name: `q${i}`, sql: `SELECT ${i} AS n` }));
    cells.push({
      id: 'hasOwn', kind: 'profile', name: 'prof', input: 'constructor', segmentColumn: 'seg', numeric: [], categorical: [], valueColumn: null,
      playbook: [], targets: [], churn: null, attributes: [], previous: null, explainColumns: [],
      personas: { constructor: { name: 'Builders' }, toString: { description: 'Talkers' } },
    });
    cells.push({
      id: 'valueOf_rules', kind: 'rules', name: 'rul', input: 'constructor', elseSegment: '__proto__',
      segments: [{ name: 'constructor', match: 'all', conditions: [{ column: '__proto__', op: '>', value: '1' }] }],
    });
    const json = doc(cells, sources)
      .replace('"columnTypes":{}', '"columnTypes":{"__proto__":"VARCHAR","constructor":"DOUBLE"}')
      .replace('"personas":{', '"personas":{"__proto__":{"name":"Polluter"},');
    const data = '{"constructor":"id\\n1\\n","__proto__":"id\\n2\\n"}';
    const shared = await decodeShareHash(await packShareHash(json.replace(/}$/, `,"data":${data}}`), 1));

    expect(shared.workbook.cells.map((c) => c.id)).toEqual([...PROTO_KEYS, 'hasOwn', 'valueOf_rules']);
    expect(shared.workbook.sources.map((s) => s.name)).toEqual(['constructor', '__proto__', 'tostring']);
    expect(Object.keys(shared.data)).toEqual(['constructor', '__proto__']);
    expect(Object.hasOwn(shared.data, '__proto__') && shared.data['__proto__']).toBe('id\n2\n');
    expect(Object.getPrototypeOf(shared.data)).toBe(Object.prototype);
    const types = shared.workbook.sources[0].columnTypes;
    expect(Object.entries(types)).toEqual([['__proto__', 'VARCHAR'], ['constructor', 'DOUBLE']]);
    expect(Object.getPrototypeOf(types)).toBe(Object.prototype);
    const profile = shared.workbook.cells.find((c) => c.kind === 'profile');
    expect(profile?.kind === 'profile' && Object.entries(profile.personas)).toEqual([
      ['constructor', { name: 'Builders' }], ['toString', { description: 'Talkers' }],
    ]);
    expect(Object.getPrototypeOf(profile?.kind === 'profile' ? profile.personas : null)).toBe(Object.prototype);
    expect(Reflect.get({}, 'name')).toBeUndefined();
  });

  it('names a cell kind that is only found on a prototype as unknown, rather than failing to parse', async () => {
    for (const kind of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const message = await refusal(await packShareHash(doc([{ id: 'a', kind, name: 'a', sql: 'SELECT 1' }]), 1));
      expect(message).toBe(`the shared workbook is damaged: cell 1 has an unknown kind ${JSON.stringify(kind)}; open it in the Segbook that made it. The link cannot be opened.`);
    }
    expect(() => parseWorkbook(doc([{ id: 'a', kind: 'constructor', name: 'a' }]), 'kinds.json')).toThrow(/cell 1 has an unknown kind "constructor"/);
  });
});

describe('more cells than a page can draw', () => {
  it(`opens a workbook of ${MAX_CELLS} cells, through a link and as a file`, async () => {
    const wb = { ...emptyWorkbook('Long'), cells: sqlCells(MAX_CELLS) };
    expect((await decodeShareHash(await encodeShareHash({ workbook: wb, data: {} }))).workbook.cells).toHaveLength(MAX_CELLS);
    expect(parseWorkbook(JSON.stringify(wb)).cells).toHaveLength(MAX_CELLS);
  });

  it('refuses a link of 10,000 SQL cells, stating the count and the limit', async () => {
    const hash = await encodeShareHash({ workbook: { ...emptyWorkbook('Long'), cells: sqlCells(10_000) }, data: {} });
    expect(await refusal(hash)).toBe(
      `the shared workbook has 10,000 cells; Segbook opens workbooks of up to ${MAX_CELLS} cells. Split it into smaller workbooks. The link cannot be opened.`,
    );
  });

  it(`refuses a workbook file of ${MAX_CELLS + 1} cells`, () => {
    expect(() => parseWorkbook(doc(sqlCells(MAX_CELLS + 1)), 'long.json')).toThrow(`long.json has ${MAX_CELLS + 1} cells; Segbook opens workbooks of up to ${MAX_CELLS} cells.`);
  });
});
