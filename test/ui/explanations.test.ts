import { describe, expect, it } from 'vitest';
import { EXPLANATIONS, questionFor, type ExplanationTopic } from '../../src/ui/explain/explanations.ts';

describe('explanation toggles', () => {
  it('asks "What do the RFM scores mean?", the verb agreeing with a plural label', () => {
    expect(questionFor('rfm')).toBe('What do the RFM scores mean?');
    expect(questionFor('pAlive')).toBe('What does P(alive) mean?');
    expect(questionFor('silhouette')).toBe('What does the silhouette mean?');
    const topics = Object.keys(EXPLANATIONS) as ExplanationTopic[];
    expect(topics.map(questionFor).filter((q) => / does the [^ ]+ scores /.test(q))).toEqual([]);
  });
});
