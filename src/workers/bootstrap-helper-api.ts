import { transfer } from 'comlink';
import { BootstrapServer, type BootstrapHelper, type BootstrapJob } from '../ml/validate-bootstrap.ts';
import type { ResampleScore } from '../ml/stability.ts';
import type { Connection } from './protocol.ts';

/**
 * What validation's bootstrap helper worker serves (bootstrap-helper.worker.ts): its copy of the
 * job, kept for the whole bootstrap, and one resample at a time. Apart from the worker file so
 * that Node tests can serve it on a MessagePort.
 */
export function bootstrapHelperApi(server = new BootstrapServer()) {
  return {
    ready(): void {},
    load(job: BootstrapJob): void {
      server.load(job);
    },
    run(b: number) {
      const score = server.run(b);
      return transfer(score, [score.best.buffer]);
    },
  };
}

export type BootstrapHelperApi = ReturnType<typeof bootstrapHelperApi>;

/** The coordinator's side of a connection to that API. The job's buffers are transferred, not copied. */
export function bootstrapHelperOver(connection: Connection<BootstrapHelperApi>): BootstrapHelper {
  const { api, call, stopped, close } = connection;
  return {
    ready: () => call(api.ready()),
    load: (job) => call(api.load(transfer(job, [job.m.data.buffer, job.labels.buffer]))),
    run: (b) => call<ResampleScore>(api.run(b)),
    stopped,
    close,
  };
}
