import { expose, releaseProxy, transferHandlers, wrap, type Remote } from 'comlink';
import { Cancelled } from '../cancelled.ts';
import { FeatureError, isFeatureProblem } from '../ml/notes.ts';

/*
 * How every Segbook worker talks: one typed Comlink API per worker, served with serve() and
 * reached with connect(). Errors cross as plain {name, message, stack} objects and are rebuilt on
 * the other side, a Cancelled as a Cancelled and a FeatureError with its problem, so callers tell "cancelled" from "failed" by class.
 */

/** An error as it crosses a worker boundary: plain data, which structured cloning keeps whole. */
export interface PlainError {
  name: string;
  message: string;
  stack?: string;
  /** A FeatureError's problem, as data, for the engine to word. */
  problem?: unknown;
}

const CANCELLED = new Cancelled().name;

export function toPlainError(e: Error): PlainError {
  return { name: e.name, message: e.message, stack: e.stack, ...(e instanceof FeatureError ? { problem: e.problem } : {}) };
}

/** The wire carries no class, only a name: this is the one place that turns it back into one. */
export function fromPlainError(plain: PlainError): Error {
  const error = plain.name === CANCELLED
    ? new Cancelled(plain.message)
    : isFeatureProblem(plain.problem)
      ? new FeatureError(plain.problem)
      : Object.assign(new Error(plain.message), { name: plain.name });
  if (plain.stack !== undefined) error.stack = plain.stack;
  return error;
}

let installed = false;

type ThrownWire = { isError: true; value: PlainError } | { isError: false; value: unknown };

/**
 * Replaces Comlink's handler for thrown values, whose errors arrive as plain Errors with a copied
 * name. It keeps Comlink's own test for "this was thrown" (its marker is not exported) and its
 * wire shape, so a side that did not install it still reads our errors and we read its. serve()
 * and connect() install it; call it first where a worker is reached another way (Node tests).
 */
export function installErrorTransfer(): void {
  const comlinks = transferHandlers.get('throw');
  if (!comlinks || installed) return;
  installed = true;
  transferHandlers.set('throw', {
    canHandle: (value: unknown): value is { value: unknown } => comlinks.canHandle(value),
    serialize: ({ value }: { value: unknown }): [ThrownWire, Transferable[]] => [
      value instanceof Error ? { isError: true, value: toPlainError(value) } : { isError: false, value },
      [],
    ],
    deserialize: (wire: ThrownWire) => {
      throw wire.isError ? fromPlainError(wire.value) : wire.value;
    },
  });
}

/** Serves `api` to whoever started this worker (or on `endpoint`): the worker side of connect(). */
export function serve(api: object, endpoint?: Parameters<typeof expose>[1]): void {
  installErrorTransfer();
  expose(api, endpoint);
}

/** A worker's API, and what Comlink cannot tell its callers: that the worker has died. */
export interface Connection<T> {
  api: Remote<T>;
  /**
   * Rejects once the worker fails to start, throws outside a call, or sends what cannot be read;
   * never resolves. A call to a dead worker never settles, so race calls against it (call()).
   */
  stopped: Promise<never>;
  /** The call's own result, or the worker's death, whichever comes first. */
  call<R>(pending: Promise<R>): Promise<R>;
  close(): void;
}

/** Reaches a worker's API. Its death rejects `stopped` with the reason alone; callers say whose. */
export function connect<T>(worker: Worker): Connection<T> {
  installErrorTransfer();
  const stopped = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      reject(new Error(e.message || 'the worker could not start'));
    });
    worker.addEventListener('messageerror', () => reject(new Error('a message could not be read')));
  });
  // Nobody may be waiting when it dies; that must not surface as an unhandled rejection.
  stopped.catch(() => undefined);
  return {
    api: wrap<T>(worker),
    stopped,
    call: (pending) => Promise.race([pending, stopped]),
    close: () => worker.terminate(),
  };
}

/**
 * Releases a callback the caller passed with Comlink.proxy, once the job reporting through it is
 * over: each holds a MessageChannel open until released. A plain function (a job run in-process)
 * has nothing to release.
 */
export function releaseCallback(callback: unknown): void {
  if (typeof callback !== 'function') return;
  const release: unknown = Reflect.get(callback, releaseProxy);
  if (typeof release === 'function') release();
}
