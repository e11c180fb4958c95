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

  it('runs a foreground job queued within the grace after another ends before a waiting background job', async () => {
    const queue = new SerialQueue(50);
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(name);
      await tick();
    };
    const first = queue.run(job('cell 1'));
    const statistics = queue.run(job('statistics'), 'background');
    await first;
    // Run all queues the next cell a moment after the previous one ends.
    await new Promise((r) => setTimeout(r, 10));
    const second = queue.run(job('cell 2'));
    await Promise.all([statistics, second]);
    expect(log).toEqual(['cell 1', 'cell 2', 'statistics']);
  });

  it('keeps background jobs out of the short gaps between one cell\'s statements, then runs every one in order', async () => {
    const queue = new SerialQueue(40);
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(name);
      await tick();
    };
    const background = ['stats a', 'stats b', 'stats c'].map((n) => queue.run(job(n), 'background'));
    // The first started at once: the queue had been idle. The others wait for the cell.
    for (const statement of ['statement 1', 'statement 2', 'statement 3']) {
      await queue.run(job(statement));
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(background);
    expect(log).toEqual(['stats a', 'statement 1', 'statement 2', 'statement 3', 'stats b', 'stats c']);
  });

  it('starts a background job at once on a queue that has been idle', async () => {
    const queue = new SerialQueue(10_000);
    const log: string[] = [];
    const background = queue.run(async () => log.push('statistics'), 'background');
    const cell = queue.run(async () => log.push('cell'));
    await Promise.all([background, cell]);
    expect(log).toEqual(['statistics', 'cell']);
  });

  it('runs a background job queued during a grace once the grace is over, with no further job to wake it', async () => {
    const queue = new SerialQueue(30);
    await queue.run(async () => 'cell');
    await expect(queue.run(async () => 'statistics', 'background')).resolves.toBe('statistics');
  });
});
