import { checkFit, kmeans, kmeansSteps, rowsBetween, type KMeansHooks, type KMeansOptions, type KMeansResult } from './kmeans.ts';
import { LloydPart, partBounds, type HelperRows, type PartReply, type PartRequest } from './kmeans-part.ts';
import type { FeatureMatrix } from './matrix.ts';

/**
 * A helper as the coordinator sees it: a Comlink worker in the browser (src/workers/), a
 * MessagePort in the Node tests. Its calls answer one at a time, in order.
 */
export interface KMeansHelper {
  /** Hands the helper its rows, giving their buffer away; resolves once it holds them. */
  load(rows: HelperRows): Promise<void>;
  /** Runs one part request on the helper's rows; rejects when the helper throws. */
  handle(request: PartRequest): Promise<PartReply>;
  /** Rejects, saying why, once the helper has died (a call then never answers); never resolves. */
  readonly stopped: Promise<never>;
  close(): void;
}

/** A helper that cannot answer its first message within this time is given up on. */
const LOAD_TIMEOUT_MS = 10_000;

/**
 * kmeans() with the second half of the rows on a helper (a worker in the browser), which holds a
 * copy of its rows for the whole fit, restarts included. Each iteration sends it the centres and
 * gets back its sums: a few hundred bytes each way. The helper runs the same part code on the
 * same rows, so the result is bit-identical to kmeans(). Fits too small to split, or whose helper
 * cannot start, run on this thread alone, with the same result.
 */
export async function kmeansParallel(
  m: FeatureMatrix, options: KMeansOptions, hooks: KMeansHooks, startHelper: () => KMeansHelper | null,
): Promise<KMeansResult> {
  const bounds = partBounds(m.n);
  if (bounds.length !== 3) return kmeans(m, options, hooks);
  const [, middle, n] = bounds;
  // Started first: the helper boots and copies its rows while this thread checks the input and
  // copies its own.
  const starting = RemoteHelper.start(startHelper, m, options, middle);
  let helper: RemoteHelper | null = null;
  try {
    const fit = checkFit(m, options);
    const local = new LloydPart(rowsBetween(m, 0, middle), options.k, 0, options.kernel);
    helper = await starting;
    const second = helper ? null : new LloydPart(rowsBetween(m, middle, n), options.k, middle, options.kernel);
    const steps = kmeansSteps(m, options, hooks, fit);
    let step = steps.next();
    while (!step.done) {
      const request = step.value;
      // Posted before the local half starts, so that both halves run at once.
      const remote = helper?.send(request);
      const first = local.handle(request);
      step = steps.next([first, remote ? await remote : handleLocally(second, request)]);
    }
    return step.value;
  } finally {
    // A fit that failed its checks still stops its helper, once that has started.
    if (helper) helper.close();
    else void starting.then((started) => started?.close());
  }
}

function handleLocally(part: LloydPart | null, request: PartRequest): PartReply {
  if (!part) throw new Error('unreachable: k-means has neither a helper nor a local second half');
  return part.handle(request);
}

/** The coordinator's end of a helper, which turns its failures into sentences for the user. */
class RemoteHelper {
  readonly #stopped: Promise<never>;

  private constructor(readonly helper: KMeansHelper) {
    this.#stopped = helper.stopped.catch((e: unknown) => {
      throw new Error(`k-means' second thread stopped: ${messageOf(e)}. Run the cell again.`);
    });
    this.#stopped.catch(() => undefined);
  }

  /** A helper holding a copy of rows [first, n), or null when none starts in time. */
  static async start(startHelper: () => KMeansHelper | null, m: FeatureMatrix, options: KMeansOptions, first: number): Promise<RemoteHelper | null> {
    let helper: KMeansHelper | null = null;
    try {
      helper = startHelper();
    } catch {
      return null;
    }
    if (!helper) return null;
    const data = m.data.slice(first * m.d);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), LOAD_TIMEOUT_MS)));
    const loading = helper.load({ data, n: m.n - first, d: m.d, k: options.k, first, kernel: options.kernel });
    const loaded = Promise.race([loading, helper.stopped]).then(() => true, () => false);
    const ok = await Promise.race([loaded, timeout]);
    clearTimeout(timer);
    if (ok) return new RemoteHelper(helper);
    helper.close();
    return null;
  }

  send(request: PartRequest): Promise<PartReply> {
    return Promise.race([
      this.helper.handle(request).catch((e: unknown) => {
        throw new Error(`k-means' second thread failed: ${messageOf(e)}`);
      }),
      this.#stopped,
    ]);
  }

  close(): void {
    this.helper.close();
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
