/**
 * The one error for work stopped because someone asked it to: a query, a file load, a worker job,
 * a k-means fit. It sits below every floor, importing nothing, because both ground floors throw
 * it (db for queries, ml for kernels) and neither may import the other; the engine, the UI and the
 * runner then tell "cancelled" from "failed" with `instanceof` alone. Across a worker boundary it
 * travels as a plain {name, message, stack} and is rebuilt as a Cancelled
 * (src/workers/errors.ts).
 */
export class Cancelled extends Error {
  override name = 'Cancelled';

  constructor(message = 'cancelled') {
    super(message);
  }
}
