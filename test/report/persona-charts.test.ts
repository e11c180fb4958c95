import { describe, expect, it } from 'vitest';
import type { Persona } from '../../src/engine/persona.ts';
import { segmentTitle } from '../../src/report/persona-charts.ts';

const named = (segment: string, name: string) => ({ segment, name }) as Persona;

describe('segment titles in persona charts', () => {
  it('shows a rule or RFM segment whose persona keeps its label once, not "At Risk · At Risk"', () => {
    expect(segmentTitle('At Risk', named('At Risk', 'At Risk'))).toBe('At Risk');
    expect(segmentTitle('Holiday season', named('Holiday season', 'holiday season '))).toBe('Holiday season');
  });

  it('shows a numbered segment with its persona name', () => {
    expect(segmentTitle('3', named('3', 'Big spenders'))).toBe('3 · Big spenders');
    expect(segmentTitle('3', undefined)).toBe('3');
  });
});
