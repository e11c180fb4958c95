/** A problem with the command line or its files, reported without a stack trace. */
export class RunnerError extends Error {
  override name = 'RunnerError';
}
