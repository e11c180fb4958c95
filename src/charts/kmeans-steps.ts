import * as Plot from '@observablehq/plot';
import type { StepPoints } from '../engine/step-points.ts';
import type { StepFrame } from '../ml/kmeans-stepper.ts';
import { DEFAULT_WIDTH, type Chart, type ChartOptions } from './chart-style.ts';

/** Step-through charts take a larger type and a larger drawing for a class to read from afar. */
export interface StepChartOptions extends ChartOptions {
  presenter?: boolean;
}

const PALETTE = ['#1d4ed8', '#b45309', '#15803d', '#b91c1c', '#7c3aed', '#0e7490', '#a21caf', '#4d7c0f', '#9f1239', '#334155'];

function style(presenter: boolean) {
  return { background: 'transparent', color: 'currentColor', fontSize: presenter ? '18px' : '11px' };
}

/**
 * At most `most` whole numbers from lo to hi, evenly stepped, so an axis of steps never repeats a
 * label (a plain 'd' format turned ticks 2, 2.2, 2.4 into "2 2 2").
 */
export function integerTicks(lo: number, hi: number, most: number): number[] {
  const [a, b] = [Math.ceil(lo), Math.floor(hi)];
  if (b < a) return [];
  const step = Math.max(1, Math.ceil((b - a + 1) / Math.max(1, most)));
  const ticks: number[] = [];
  for (let t = a; t <= b; t += step) ticks.push(t);
  return ticks;
}

/** The points coloured by their segment in frame `f`, with the centres as stars and their trails so far. */
export function stepPointsChart(p: StepPoints, f: StepFrame, all: readonly StepFrame[], k: number, options: StepChartOptions = {}): Chart {
  const presenter = options.presenter ?? false;
  const label = Array.from(f.labels, (l) => (l < 0 ? 'not assigned' : `segment ${l + 1}`));
  const domain = ['not assigned', ...Array.from({ length: k }, (_, c) => `segment ${c + 1}`)];
  const trails = all
    .filter((fr) => fr.centroids.length)
    .flatMap((fr) => Array.from({ length: fr.centroids.length / 2 }, (_, c) => ({ c: `segment ${c + 1}`, step: fr.step, x: fr.centroids[2 * c], y: fr.centroids[2 * c + 1] })));
  const centres = trails.filter((t) => t.step === f.step);
  const width = Math.min(options.width ?? DEFAULT_WIDTH, presenter ? 1100 : 720);
  return Plot.plot({
    document: options.document,
    width, height: Math.round(width * 0.66), grid: true,
    marginBottom: presenter ? 56 : 40,
    style: style(presenter),
    x: { label: p.xLabel }, y: { label: p.yLabel },
    color: { domain, range: ['#8a8f98', ...PALETTE], legend: true },
    marks: [
      Plot.dot({ length: p.x.length }, { x: p.x, y: p.y, fill: label, r: presenter ? 3.5 : 2.5, fillOpacity: 0.75 }),
      Plot.line(trails, { x: 'x', y: 'y', z: 'c', stroke: 'c', strokeWidth: presenter ? 3 : 2, strokeDasharray: '4 3' }),
      Plot.dot(centres, { x: 'x', y: 'y', fill: 'c', stroke: 'currentColor', strokeWidth: presenter ? 3 : 2, r: presenter ? 12 : 8, symbol: 'star' }),
    ],
  });
}

/** Inertia after each step, on an axis of whole step numbers. */
export function stepInertiaChart(all: readonly StepFrame[], options: StepChartOptions = {}): Chart {
  const presenter = options.presenter ?? false;
  const data = all.filter((f) => Number.isFinite(f.inertia)).map((f) => ({ step: f.step, inertia: f.inertia, kind: f.kind }));
  const width = Math.min(options.width ?? DEFAULT_WIDTH, presenter ? 1100 : 720);
  const steps = data.map((d) => d.step);
  // A step number takes about 3 characters; leave room for each.
  const room = Math.floor((width - 90) / (presenter ? 60 : 36));
  return Plot.plot({
    document: options.document,
    width, height: presenter ? 280 : 180, marginLeft: presenter ? 100 : 70, marginBottom: presenter ? 56 : 40,
    style: style(presenter),
    x: { label: 'step', ticks: integerTicks(Math.min(...steps), Math.max(...steps), room), tickFormat: 'd' },
    y: { label: 'inertia', grid: true },
    marks: [Plot.line(data, { x: 'step', y: 'inertia' }), Plot.dot(data, { x: 'step', y: 'inertia', symbol: 'kind', r: 4 })],
  });
}
