import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { inTurn } from '../../src/ui/cells/shared/draw-turns.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('charts taking turns to draw', () => {
  it('starts each chart asked for together in a task of its own, in the order asked', async () => {
    const drawn: string[] = [];
    for (const name of ['means', 'boxes', 'scatter']) inTurn(() => drawn.push(name));
    expect(drawn).toEqual([]);
    await vi.advanceTimersToNextTimerAsync();
    expect(drawn).toEqual(['means']);
    await vi.advanceTimersToNextTimerAsync();
    expect(drawn).toEqual(['means', 'boxes']);
    await vi.runAllTimersAsync();
    expect(drawn).toEqual(['means', 'boxes', 'scatter']);
  });

  it('skips a chart that gave its turn up, as one removed from the page before drawing', async () => {
    const drawn: string[] = [];
    inTurn(() => drawn.push('kept'));
    const giveUp = inTurn(() => drawn.push('removed'));
    inTurn(() => drawn.push('last'));
    giveUp();
    await vi.runAllTimersAsync();
    expect(drawn).toEqual(['kept', 'last']);
  });
});
