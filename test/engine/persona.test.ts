import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOK } from '../../src/engine/playbook.ts';
import { applyEdit, generatePersonas, personasFor } from '../../src/engine/persona.ts';
import { conceptOf, formatNumber } from '../../src/engine/persona-traits.ts';
import type { ProfileSummary, SegmentProfile } from '../../src/engine/profile-cell.ts';

const COLUMNS = ['recency_days', 'frequency', 'monetary', 'nps_score'];
const OVERALL = [95, 4, 1290, 52];

/** A segment with the given means and standardised differences for COLUMNS, and one categorical column. */
function segment(label: string, size: number, value: number, means: number[], z: number[], country: [string, number, number]): SegmentProfile {
  return {
    label, size, share: size / 1000, value, valueShare: value / 1_290_000, valuePerCustomer: value / size,
    numeric: COLUMNS.map((column, i) => ({ column, mean: means[i], median: means[i], restMean: OVERALL[i], z: z[i] })),
    categorical: [{ column: 'country', values: [{ value: country[0], share: country[1], popShare: country[2], lift: country[1] / country[2] }] }],
    churnRiskShare: null, meanPAlive: null, previousSize: null, growth: null,
  };
}

const SUMMARY: ProfileSummary = {
  input: 'rfm', segmentColumn: 'segment', valueColumn: 'monetary', rows: 1000, totalValue: 1_290_000,
  numeric: COLUMNS.map((column, i) => ({ column, mean: OVERALL[i], median: OVERALL[i] })),
  categorical: ['country'], churnThreshold: null, hasGrowth: false,
  segments: [
    segment('1', 200, 824_000, [12, 9.1, 4120, 55], [-1.2, 1.1, 1.6, 0.1], ['United Kingdom', 0.9, 0.88]),
    segment('2', 500, 150_000, [240, 1.3, 300, 50], [1.4, -0.7, -0.6, -0.05], ['United Kingdom', 0.88, 0.88]),
    segment('3', 300, 316_000, [60, 3.5, 1053, 71], [-0.2, -0.1, -0.1, 0.9], ['France', 0.42, 0.2]),
  ],
};

describe('personas', () => {
  it('names each segment after its strongest traits and says each trait with its number', () => {
    const personas = generatePersonas(SUMMARY, DEFAULT_PLAYBOOK);
    expect(personas.map((p) => ({ name: p.name, description: p.description, traits: p.traits.map((t) => t.text), traitsFound: p.playbookTraits, actions: p.actions }))).toEqual([
      {
        name: 'Recent big spenders',
        description: '200 customers, 20% of all, bringing 64% of the monetary.',
        traits: [
          'spends 3.2x the average: 4,120 vs 1,290',
          'last bought 12 days ago on average, vs 95 days overall',
          'buys 2.3x as often as average: 9.1 vs 4',
        ],
        traitsFound: ['high-value', 'frequent'],
        actions: [
          'Loyalty rewards and early access to new products', 'A named contact or priority service',
          'Cross-sell related categories', 'Invite them to a referral programme',
        ],
      },
      {
        name: 'Occasional lapsed customers',
        description: '500 customers, 50% of all, bringing 12% of the monetary.',
        traits: [
          'last bought 240 days ago on average, vs 95 days overall',
          'buys 0.3x as often as average: 1.3 vs 4',
          'spends 0.2x the average: 300 vs 1,290',
        ],
        traitsFound: ['low-value', 'dormant'],
        actions: [
          'A reactivation offer with a deadline', 'Stop costly channels if they do not respond',
          'Serve through low-cost channels', 'Bundles and thresholds that raise the basket size',
        ],
      },
      {
        name: 'High nps_score',
        description: '300 customers, 30% of all, bringing 24% of the monetary.',
        traits: [
          'nps_score is 1.4x the average: 71 vs 52',
          '42% have country = France, 2.1x the 20% overall',
          'last bought 60 days ago on average, vs 95 days overall',
        ],
        traitsFound: [],
        actions: [],
      },
    ]);
  });

  it('recognises what columns measure from their names', () => {
    expect(['recency', 'days_since_last_order', 'DaysSinceSignup', 'n_orders', 'total_spend', 'Revenue', 'age', 'income', 'sessions_30d', 'p_alive', 'income_k', 'city'].map(conceptOf)).toEqual(
      ['recency', 'recency', 'tenure', 'frequency', 'monetary', 'monetary', 'age', 'income', 'engagement', 'alive', 'income', null],
    );
    expect([4120.4, 38.54, 0.4234, -1290].map(formatNumber)).toEqual(['4,120', '38.5', '0.42', '-1,290']);
  });

  it('keeps the user edits over the generated text, and a blank name falls back to the generated one', () => {
    const [first] = personasFor(SUMMARY, DEFAULT_PLAYBOOK, { '1': { name: 'VIPs', actions: ['Call them'] } });
    expect([first.name, first.actions, first.edited]).toEqual(['VIPs', ['Call them'], true]);
    expect(first.description).toBe(first.generated.description);
    expect(first.generated.name).toBe('Recent big spenders');
    const blank = applyEdit(generatePersonas(SUMMARY, DEFAULT_PLAYBOOK)[0], { name: '  ' });
    expect([blank.name, blank.edited]).toEqual(['Recent big spenders', false]);
  });

  it('ignores an edit keyed by an inherited property name', () => {
    const edits = JSON.parse('{"__proto__": {"name": "hacked"}, "toString": {"name": "x"}}');
    expect(personasFor(SUMMARY, DEFAULT_PLAYBOOK, edits).map((p) => p.name)).not.toContain('hacked');
  });

  it('follows the edited playbook, and flags churn risk when most customers are below the P(alive) threshold', () => {
    const summary: ProfileSummary = { ...SUMMARY, churnThreshold: 0.5, segments: SUMMARY.segments.map((s) => ({ ...s, churnRiskShare: s.label === '3' ? 0.62 : 0.1 })) };
    const playbook = [{ trait: 'churn-risk' as const, actions: ['Send the reminder'] }];
    const third = personasFor(summary, playbook, {})[2];
    expect(third.playbookTraits).toEqual(['churn-risk']);
    expect(third.actions).toEqual(['Send the reminder']);
    expect(third.description).toContain('62% are at risk of churn (P(alive) below 0.5).');
  });

  it('tells apart two segments whose traits give the same name', () => {
    const twin = { ...SUMMARY.segments[0], label: '4' };
    const names = generatePersonas({ ...SUMMARY, segments: [SUMMARY.segments[0], twin] }, DEFAULT_PLAYBOOK).map((p) => p.name);
    expect(names).toEqual(['Recent big spenders (segment 1)', 'Recent big spenders (segment 4)']);
  });

  it('calls a segment with no distinguishing trait typical', () => {
    const flat = { ...SUMMARY.segments[2], numeric: SUMMARY.segments[2].numeric.map((n) => ({ ...n, z: 0.05 })), categorical: [] };
    expect(generatePersonas({ ...SUMMARY, segments: [flat] }, DEFAULT_PLAYBOOK)[0].name).toBe('Typical customers');
  });
});
