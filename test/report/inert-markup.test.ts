import { describe, expect, it } from 'vitest';
import { inertMarkup } from '../../src/report/inert-markup.ts';

describe('chart markup in the persona report cannot lie over the page', () => {
  it('drops style attributes that would position a box over the report', () => {
    const dirty = '<div style="position:fixed;inset:0"><svg style="position: absolute; top: 0"><g style="z-index: 99"><text style="fill:red">t</text></g></svg></div>';
    expect(inertMarkup(dirty)).toBe('<div><svg><g><text style="fill:red">t</text></g></svg></div>');
  });

  it('disarms positioning inside a chart\'s <style>', () => {
    const clean = inertMarkup('<svg><style>.a{position:fixed;inset:0;z-index:9;fill:red} .b{position : sticky}</style></svg>');
    expect(clean).not.toMatch(/position\s*:\s*(fixed|sticky)|z-index/);
    expect(clean).toContain('fill:red');
  });
});
