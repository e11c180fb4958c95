import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWorkbook } from '../src/cli/run-workbook.ts';
import { LONG_LINK_CHARS, decodeShareHash, encodeShareHash } from '../src/engine/share-link.ts';
import { parseWorkbook, serializeWorkbook } from '../src/engine/workbook-format.ts';
import { EXAMPLES } from '../src/examples/catalog.ts';

const SAMPLES = resolve(import.meta.dirname, '..', 'sample-data');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'segbook-examples-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('example workbooks', () => {
  it('cover the thirteen techniques of the course, each once', () => {
    expect(EXAMPLES.map((e) => e.id)).toEqual([
      'demographic', 'geographic', 'behavioural', 'psychographic', 'firmographic', 'needs-based', 'value-based', 'technographic',
      'a-priori', 'engagement-based', 'occasion-based', 'rfm', 'kmeans-end-to-end',
    ]);
  });

  it.each(EXAMPLES.map((e) => [e.id, e] as const))('%s opens with a note on when to use it, a use case and its pitfalls', (_, example) => {
    const wb = example.workbook();
    const first = wb.cells[0];
    expect(first.kind).toBe('markdown');
    if (first.kind !== 'markdown') return;
    expect(first.text).toMatch(/^# /);
    expect(first.text).toMatch(/When to use it/);
    expect(first.text).toMatch(/Use case/);
    expect(first.text).toMatch(/over-segmentation/);
    expect(wb.sources.every((s) => s.origin === 'sample')).toBe(true);
    expect(parseWorkbook(serializeWorkbook(wb), example.id)).toEqual(wb);
    expect(example.workbook()).toEqual(wb);
    // Each ends with something a class can discuss: persona cards, a chart, or a migration or KPI view.
    expect(wb.cells.some((c) => c.kind === 'profile' || c.kind === 'chart')).toBe(true);
  });

  it('travel as share links short enough for any email client, each decoding to the same workbook', async () => {
    const lengths: Record<string, number> = {};
    for (const example of EXAMPLES) {
      const hash = await encodeShareHash({ workbook: example.workbook(), data: {} });
      expect((await decodeShareHash(hash)).workbook).toEqual(example.workbook());
      lengths[example.id] = hash.length;
    }
    console.log('Share link length of each example, in characters:', lengths);
    expect(Math.max(...Object.values(lengths))).toBeLessThan(LONG_LINK_CHARS);
  });

  it.each(EXAMPLES.map((e) => [e.id, e] as const))('%s runs clean on the sample data with the Node runner', async (id, example) => {
    const path = join(dir, `${id}.segbook.json`);
    await writeFile(path, serializeWorkbook(example.workbook()));
    const report = await runWorkbook({ workbookPath: path, data: {}, outDir: join(dir, id), format: 'csv', sampleDir: SAMPLES });
    const problems = [...report.sources.filter((s) => s.error), ...report.cells.filter((c) => c.status !== 'done')];
    expect(problems).toEqual([]);
    expect(report.ok).toBe(true);
  }, 120_000);
});
