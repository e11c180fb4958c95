// Writes each planted dataset's prepared matrix and the sweep's k-means labels for every k, for
// sklearn-metrics.py to measure. Regenerate the fixture after changing the features, the
// preprocessing or k-means:
//   npx tsx test/engine/k-choice/export-labels.ts /tmp/k-choice
//   /usr/bin/python3 test/engine/k-choice/sklearn-metrics.py /tmp/k-choice > test/engine/k-choice/sklearn-metrics.json
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeDatabase } from '../../../src/db/node-database.ts';
import { fetchFeatures } from '../../../src/engine/feature-query.ts';
import { kmeans } from '../../../src/ml/kmeans.ts';
import { prepareFeatures } from '../../../src/ml/preprocess.ts';
import { PLANTED, preparePlanted } from './planted.ts';

const out = process.argv[2];
if (!out) throw new Error('usage: export-labels.ts OUT_DIR');
mkdirSync(out, { recursive: true });
const db = await NodeDatabase.open();
for (const p of PLANTED) {
  const cell = await preparePlanted(db, p);
  const fetched = await fetchFeatures(db, { table: cell.input, numeric: cell.features.numeric.map((f) => f.column), categorical: [] });
  const m = prepareFeatures(fetched.raw, cell.features).matrix;
  const rows = Array.from({ length: m.n }, (_, i) => Array.from(m.data.subarray(i * m.d, (i + 1) * m.d)));
  const labels: Record<number, number[]> = {};
  // The same call as the sweep's (src/ml/sweep-job.ts), so the labels are the sweep's.
  for (let k = cell.sweep.min; k <= cell.sweep.max; k++) {
    labels[k] = Array.from(kmeans(m, { k, nInit: cell.nInit, maxIter: cell.maxIter, tol: cell.tol, seed: cell.seed }).labels);
  }
  writeFileSync(join(out, `${p.name}.json`), JSON.stringify({ name: p.name, matrix: rows, labels }));
  console.log(`${p.name}: ${m.n} x ${m.d}`);
}
await db.close();
