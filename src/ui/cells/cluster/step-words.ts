import type { StepFrame } from '../../../ml/kmeans-stepper.ts';

/** One sentence on what the last step did, for the status line a screen reader announces. */
export function describeFrame(f: StepFrame, k: number): string {
  const inertia = Number.isFinite(f.inertia) ? ` Inertia ${f.inertia.toPrecision(5)}.` : '';
  switch (f.kind) {
    case 'start':
      return `Step 0: no centres yet. Press Initialise to place ${k}.`;
    case 'initialise':
      return `Step ${f.step}: ${k} centres placed. Next, assign every point to its nearest centre.`;
    case 'assign':
      return f.converged
        ? `Step ${f.step}: no point changed segment, so k-means has converged.${inertia}`
        : `Step ${f.step}: points assigned to their nearest centre; ${f.changed.toLocaleString('en')} changed segment.${inertia} Next, move the centres.`;
    case 'move':
      return `Step ${f.step}: each centre moved to the mean of its points.${inertia} Next, assign again.`;
  }
}
