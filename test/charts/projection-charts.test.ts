import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { perceptualMapCaption, perceptualMapChart } from '../../src/charts/perceptual-map.ts';
import { segmentScatterCaption, segmentScatterChart } from '../../src/charts/segment-scatter.ts';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { createCell } from '../../src/engine/new-cell.ts';
import { segmentMeans } from '../../src/engine/perceptual-map-data.ts';
import { projectSegments } from '../../src/engine/segment-projection.ts';
import { Scheduler } from '../../src/engine/scheduler.ts';
import { emptyWorkbook, withFittedModel, type ClusterCell, type ProfileCell, type Workbook } from '../../src/engine/workbook.ts';
import { InlineBackend } from '../../src/ml/backend.ts';
import { biplot } from '../../src/ml/biplot.ts';
import { chartDocument, expectSvgSnapshot } from './snapshot.ts';

let db: NodeDatabase;

beforeAll(async () => {
  db = await NodeDatabase.open();
  // Survey ratings of four segments, 1 to 5: "value" leads on price, "premium" on quality and
  // service, "fans" on everything, "lapsed" on nothing. Deterministic: no random numbers.
  await db.exec(`CREATE TABLE survey AS SELECT i AS customer_id, seg AS segment,
      least(5, greatest(1, base_price + (i // 4) % 3 - 1))::INTEGER AS price,
      least(5, greatest(1, base_quality - (i // 4) % 2))::INTEGER AS quality,
      least(5, greatest(1, base_service - (i // 4) % 2))::DOUBLE AS service
    FROM range(400) t(i), (VALUES ('value', 0, 5, 2, 2), ('premium', 1, 2, 4, 5), ('fans', 2, 4, 4, 4), ('lapsed', 3, 2, 2, 2))
      s(seg, g, base_price, base_quality, base_service)
    WHERE i % 4 = g`);
  // Two well separated groups of 2-D points on a fixed lattice, for the scatter.
  await db.exec(`CREATE TABLE points AS SELECT i AS id, (i % 2) * 10 + (i % 7) * 0.3 AS a, (i % 2) * 6 + (i % 11) * 0.2 AS b, (i % 5)::DOUBLE AS c
    FROM range(300) t(i)`);
  await db.exec(`CREATE TABLE many AS SELECT i AS id, (i % 3) * 8 + (i % 13) * 0.4 AS a, (i % 17) * 0.1 + (i % 3) AS b FROM range(60000) t(i)`);
});
afterAll(() => db.close());

function profile(patch: Partial<ProfileCell>): ProfileCell {
  const base = createCell('profile', emptyWorkbook(), 0);
  if (base.kind !== 'profile') throw new Error('expected a profile cell');
  return { ...base, input: 'survey', segmentColumn: 'segment', ...patch };
}

async function clustered(input: string, name: string, numeric: string[], k: number): Promise<ClusterCell> {
  const base = createCell('cluster', emptyWorkbook(), 0);
  if (base.kind !== 'cluster') throw new Error('expected a cluster cell');
  const cell: ClusterCell = {
    ...base, name, input, k, nInit: 2,
    features: { numeric: numeric.map((column) => ({ column, scale: 'standard', log1p: false, clip: null })), categorical: [], missing: 'drop' },
  };
  let wb: Workbook = { ...emptyWorkbook(), cells: [cell] };
  const scheduler = new Scheduler(db, () => wb, undefined, { ml: new InlineBackend(), keepModel: (id, model) => (wb = withFittedModel(wb, id, model)) });
  await scheduler.runAll();
  expect(scheduler.state(cell.id).status, scheduler.state(cell.id).error?.message).toBe('done');
  const fitted = wb.cells.find((c) => c.id === cell.id);
  if (fitted?.kind !== 'cluster') throw new Error('expected the cluster cell');
  return fitted;
}

describe('perceptual map', () => {
  it('z-scores each attribute over customers, averages it per segment, and maps the means', async () => {
    const result = await segmentMeans(db, profile({ attributes: ['price', 'quality', 'service'] }));
    expect(result.segments).toEqual(['fans', 'lapsed', 'premium', 'value']);
    expect(result.sizes).toEqual([100, 100, 100, 100]);
    // Equal segments: the z-scored means of each attribute sum to 0 over the four segments.
    for (let j = 0; j < 3; j++) expect([0, 1, 2, 3].reduce((a, i) => a + result.means.data[i * 3 + j], 0)).toBeCloseTo(0, 12);
    const [{ z }] = await db.query(`SELECT avg((price - (SELECT avg(price) FROM survey)) / (SELECT stddev_pop(price) FROM survey))
      FILTER (WHERE segment = 'value') AS z FROM survey`);
    expect(result.means.data[3 * 3 + 0]).toBeCloseTo(Number(z), 12);

    const plot = biplot(result.means, result.segments, result.attributes);
    const caption = perceptualMapCaption(plot, result.means, result.attributes);
    expect(caption).toContain('value (');
    expect(caption).toMatch(/value \([^)]*\) is highest on price/);
    expect(caption).toMatch(/premium \([^)]*\) is highest on service/);
    expect(caption).toMatch(/lapsed \([^)]*\) is highest on price/);
    await expectSvgSnapshot('perceptual-map', perceptualMapChart(plot, { document: chartDocument() }));
  });

  it('names the column when an attribute is text or missing', async () => {
    await expect(segmentMeans(db, profile({ attributes: ['segment', 'price'] }))).rejects.toThrow(/attribute "segment" is VARCHAR, not a number/);
    await expect(segmentMeans(db, profile({ attributes: ['price', 'taste'] }))).rejects.toThrow(/no column "taste"/);
  });
});

describe('segment scatter', () => {
  it('projects every row and the centres to two components; each centre is the mean of its points', async () => {
    const cell = await clustered('points', 'pts', ['a', 'b', 'c'], 2);
    const p = await projectSegments(db, cell);
    expect(p.total).toBe(300);
    expect(p.drawn).toBe(300);
    expect(new Set(p.segment)).toEqual(new Set([1, 2]));
    for (const centre of p.centres) {
      let sx = 0;
      let sy = 0;
      let n = 0;
      p.segment.forEach((s, i) => s === centre.segment && ((sx += p.x[i]), (sy += p.y[i]), n++));
      expect(sx / n).toBeCloseTo(centre.x, 6);
      expect(sy / n).toBeCloseTo(centre.y, 6);
    }
    expect(p.explained[0]).toBeGreaterThan(p.explained[1]);
    expect(segmentScatterCaption(p)).toContain('It shows all 300 rows.');
    await expectSvgSnapshot('segment-scatter', segmentScatterChart(p, { document: chartDocument() }));
  });

  it('draws a seeded sample of 10,000 above 10,000 rows, the same one every time, and says so', async () => {
    const cell = await clustered('many', 'many_segments', ['a', 'b'], 3);
    const first = await projectSegments(db, cell);
    const again = await projectSegments(db, cell);
    expect(first.total).toBe(60000);
    expect(first.drawn).toBe(10000);
    expect(Array.from(again.x)).toEqual(Array.from(first.x));
    expect(Array.from(again.segment)).toEqual(Array.from(first.segment));
    expect(segmentScatterCaption(first)).toContain('a seeded sample of 10,000 of 60,000 rows');
    const chart = segmentScatterChart(first, { document: chartDocument() });
    // One path per segment holds its points, one dot each; the circles are the 3 centres.
    const clouds = [...chart.querySelectorAll('path[stroke-linecap="round"]')];
    expect(clouds).toHaveLength(3);
    expect(clouds.reduce((a, path) => a + (path.getAttribute('d')!.match(/h0/g) ?? []).length, 0)).toBe(10000);
    expect(chart.querySelectorAll('circle').length).toBe(3);
  });

  it('asks for a run first when the cell has no model yet', async () => {
    const base = createCell('cluster', emptyWorkbook(), 0);
    if (base.kind !== 'cluster') throw new Error('expected a cluster cell');
    await expect(projectSegments(db, { ...base, name: 'never_run' })).rejects.toThrow(/run "never_run" first/);
  });
});
