/** A shallow decision tree that predicts the segment from the original columns. */
export interface TreeJob {
  placeholder: true;
}

export interface TreeResult {
  placeholder: true;
}

export function runTreeJob(job: TreeJob): TreeResult {
  void job;
  throw new Error('the rule explainer is being built');
}
