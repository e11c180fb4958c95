/** Per-customer purchase summary for BG/NBD and Gamma-Gamma, in periods, as typed arrays. */
export interface ClvJob {
  placeholder: true;
}

export interface ClvJobResult {
  placeholder: true;
}

export function runClvJob(job: ClvJob): ClvJobResult {
  void job;
  throw new Error('the CLV models are being built');
}
