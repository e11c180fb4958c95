import { checkFit, kmeans, kmeansSteps, rowsBetween, type KMeansHooks, type KMeansOptions, type KMeansResult } from './kmeans.ts';
import { LloydPart, partBounds, type HelperReply, type HelperRequest, type PartReply, type PartRequest } from './kmeans-part.ts';
import type { FeatureMatrix } from './matrix.ts';

/** How a helper is reached: post a message, hear its replies and failures, and stop it. */
export interface HelperChannel {
  post(message: HelperRequest, transfer: ArrayBuffer[]): void;
  /** Called once; the channel then passes every reply and failure to these. */
  listen(onReply: (reply: HelperReply) => void, onFailure: (message: string) => void): void;
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
  m: FeatureMatrix, options: KMeansOptions, hooks: KMeansHooks, startHelper: () => HelperChannel | null,
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

/** The coordinator's end of a helper: one request in flight at a time. */
class RemoteHelper {
  #waiting: { resolve: (reply: HelperReply) => void; reject: (error: Error) => void } | null = null;
  #failure: string | null = null;

  private constructor(readonly channel: HelperChannel) {
    channel.listen(
      (reply) => {
        const waiting = this.#waiting;
        this.#waiting = null;
        if (reply.op === 'error') waiting?.reject(new Error(`k-means' second thread failed: ${reply.message}`));
        else waiting?.resolve(reply);
      },
      (message) => {
        this.#failure = message;
        this.#waiting?.reject(new Error(`k-means' second thread stopped: ${message}. Run the cell again.`));
        this.#waiting = null;
      },
    );
  }

  /** A helper holding a copy of rows [first, n), or null when none starts in time. */
  static async start(startHelper: () => HelperChannel | null, m: FeatureMatrix, options: KMeansOptions, first: number): Promise<RemoteHelper | null> {
    let channel: HelperChannel | null = null;
    try {
      channel = startHelper();
    } catch {
      return null;
    }
    if (!channel) return null;
    const helper = new RemoteHelper(channel);
    const data = m.data.slice(first * m.d);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), LOAD_TIMEOUT_MS)));
    const loaded = helper.#request({ op: 'load', data, n: m.n - first, d: m.d, k: options.k, first, kernel: options.kernel }, [data.buffer]).then(
      (reply) => reply.op === 'loaded',
      () => false,
    );
    const ok = await Promise.race([loaded, timeout]);
    clearTimeout(timer);
    if (ok) return helper;
    channel.close();
    return null;
  }

  async send(request: PartRequest): Promise<PartReply> {
    const reply = await this.#request(request, []);
    if (reply.op === 'loaded' || reply.op === 'error') throw new Error(`k-means' second thread answered "${reply.op}" to "${request.op}"`);
    return reply;
  }

  close(): void {
    this.channel.close();
  }

  #request(message: HelperRequest, transfer: ArrayBuffer[]): Promise<HelperReply> {
    if (this.#failure !== null) return Promise.reject(new Error(`k-means' second thread stopped: ${this.#failure}. Run the cell again.`));
    if (this.#waiting) return Promise.reject(new Error('k-means sent its second thread a request before the last was answered'));
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
      this.channel.post(message, transfer);
    });
  }
}
