import { describe, expect, it } from 'vitest';
import { SerialQueue } from '../../src/db/serial-queue.ts';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('SerialQueue', () => {
  it('runs foreground jobs one at a time in the order they were added', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    let running = 0;
    const job = (name: string) => async () => {
      running++;
      expect(running).toBe(1);
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      running--;
      return name;
    };
    const results = await Promise.all(['a', 'b', 'c'].map((n) => queue.run(job(n))));
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('starts a background job only after every foreground job added before it ends', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(name);
      await tick();
    };
    const first = queue.run(job('cell 1'));
    const background = queue.run(job('statistics'), 'background');
    const second = queue.run(job('cell 2'));
    await Promise.all([first, background, second]);
    // The background job was added before cell 2 but ran after it.
    expect(log).toEqual(['cell 1', 'cell 2', 'statistics']);
  });

  it('lets a failed job reject its own promise without stopping the queue', async () => {
    const queue = new SerialQueue();
    const failed = queue.run(async () => {
      throw new Error('bad SQL');
    });
    const next = queue.run(async () => 'still running');
    await expect(failed).rejects.toThrow('bad SQL');
    await expect(next).resolves.toBe('still running');
  });

  it('keeps going when a job throws before returning a promise', async () => {
    const queue = new SerialQueue();
    const thrown = queue.run((): Promise<void> => {
      throw new Error('synchronous');
    });
    await expect(thrown).rejects.toThrow('synchronous');
    await expect(queue.run(async () => 1, 'background')).resolves.toBe(1);
  });
});
