import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { createCell } from '../../src/engine/new-cell.ts';
import { Scheduler } from '../../src/engine/scheduler.ts';
import { emptyWorkbook, withCell, withFittedModel, type ClusterCell, type FittedModel, type Workbook } from '../../src/engine/workbook.ts';
import { InlineBackend, type MlBackend } from '../../src/ml/backend.ts';

let db: NodeDatabase;
beforeAll(async () => {
  db = await NodeDatabase.open();
  await db.exec('CREATE TABLE points AS SELECT i AS id, (i % 7)::DOUBLE AS x, (i % 11)::DOUBLE AS y FROM range(300) r(i)');
});
afterAll(() => db.close());

function clusterCell(): ClusterCell {
  const base = createCell('cluster', emptyWorkbook(), 0);
  if (base.kind !== 'cluster') throw new Error('expected a cluster cell');
  const numeric = ['x', 'y'].map((column) => ({ column, scale: 'standard' as const, log1p: false, clip: null }));
  return { ...base, id: 'c', name: 'groups', input: 'points', features: { numeric, categorical: [], missing: 'drop' }, k: 3, nInit: 2 };
}

/** The inline backend, but the first clustering waits for `release` and does not stop when cancelled. */
function gatedBackend() {
  const inline = new InlineBackend();
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const ks: number[] = [];
  const backend: MlBackend = {
    cluster: async (job, options) => {
      ks.push(job.k);
      if (ks.length === 1) await gate;
      return inline.cluster(job, { onProgress: options?.onProgress });
    },
    sweep: (job, options) => inline.sweep(job, options),
    score: (job, options) => inline.score(job, options),
    validate: (job, options) => inline.validate(job, options),
    clv: (job, options) => inline.clv(job, options),
    tree: (job, options) => inline.tree(job, options),
  };
  return { backend, release, ks };
}

describe('a fitted model', () => {
  it('is stored by replacing the cell, only for the latest run of that cell; a run works on the workbook as it started', async () => {
    const original = clusterCell();
    let wb: Workbook = { ...emptyWorkbook(), cells: [original] };
    const kept: Array<{ id: string; model: FittedModel }> = [];
    const { backend, release, ks } = gatedBackend();
    const scheduler = new Scheduler(db, () => wb, undefined, {
      ml: backend,
      keepModel: (id, model) => {
        kept.push({ id, model });
        wb = withFittedModel(wb, id, model);
      },
    });
    const first = scheduler.run(['c']);
    await expect.poll(() => ks.length).toBe(1);
    // The user changes k while the first run waits, and runs the cell again.
    wb = withCell(wb, 'c', (c) => (c.kind === 'cluster' ? { ...c, k: 4 } : c));
    const second = scheduler.run(['c']);
    release();
    await Promise.all([first, second]);

    expect(scheduler.state('c').status, scheduler.state('c').error?.message).toBe('done');
    // The first run fitted k = 3 from its snapshot; only the second, latest run's model was kept.
    expect(ks).toEqual([3, 4]);
    expect(kept.map((k) => [k.id, k.model.k])).toEqual([['c', 4]]);
    const stored = wb.cells[0];
    expect(stored.kind === 'cluster' && stored.model?.k).toBe(4);
    expect(original.model).toBeNull();
  });
});
