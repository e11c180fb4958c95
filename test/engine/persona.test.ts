import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOK } from '../../src/engine/cells/profile/playbook.ts';
import { applyEdit, generatePersonas, personasFor } from '../../src/engine/persona.ts';
import { formatNumber, formatRatio } from '../../src/engine/number-format.ts';
import { columnWords, conceptOf } from '../../src/engine/persona-traits.ts';
import type { ProfileSummary, SegmentProfile } from '../../src/engine/cells/profile/profile-cell.ts';

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
  input: 'rfm', segmentColumn: 'segment', valueColumn: 'monetary', meanings: { monetary: 'monetary' }, namedLabels: [], rows: 1000, totalValue: 1_290_000,
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
        description: '200 customers, 20% of all, bringing 63.9% of the monetary value.',
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
        description: '500 customers, 50% of all, bringing 11.6% of the monetary value.',
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
        name: 'High nps score',
        description: '300 customers, 30% of all, bringing 24.5% of the monetary value.',
        traits: [
          'nps score is 1.4x the average: 71 vs 52',
          'country is France for 42%, 2.1x the 20% overall',
          'last bought 60 days ago on average, vs 95 days overall',
        ],
        traitsFound: [],
        actions: [],
      },
    ]);
  });

  it('matches concept words on word boundaries of snake_case and camelCase names, and never guesses money from a name', () => {
    const columns = [
      'recency', 'days_since_last_order', 'DaysSinceSignup', 'n_orders', 'nOrders', 'age', 'customerAge', 'income', 'income_k', 'sessions_30d', 'p_alive', 'probAlive', 'city',
      'usage', 'page_count', 'storage_gb', 'sale_season_share', 'basket_value', 'values_tradition', 'total_spend', 'Revenue', 'average_order_value', 'subscription_orders_share',
    ];
    expect(Object.fromEntries(columns.map((c) => [c, conceptOf(c)]))).toEqual({
      recency: 'recency', days_since_last_order: 'recency', DaysSinceSignup: 'tenure', n_orders: 'frequency', nOrders: 'frequency', age: 'age', customerAge: 'age',
      income: 'income', income_k: 'income', sessions_30d: 'engagement', p_alive: 'alive', probAlive: 'alive', city: null,
      // "age" is not in "usage", "page" or "storage"; "sales" is not in "sale season"; "value" is not money by itself.
      usage: null, page_count: null, storage_gb: null, sale_season_share: null, basket_value: null, values_tradition: null, total_spend: null, Revenue: null,
      average_order_value: null, subscription_orders_share: 'frequency',
    });
    expect(conceptOf('total_spend', { total_spend: 'monetary' })).toBe('monetary');
    // A cell can say a column means none of the concepts its name suggests (CLV's recency).
    expect(conceptOf('recency', { recency: null })).toBeNull();
    expect([4120.4, 38.54, 0.4234, -1290].map((x) => formatNumber(x))).toEqual(['4,120', '38.5', '0.42', '-1,290']);
  });

  it('writes column names as words', () => {
    expect(['lifestyle_outdoors', 'daysSinceLastOrder', 'email_opens_30d', 'NPSScore', 'mrr', 'Total Spend (EUR)'].map(columnWords)).toEqual([
      'lifestyle outdoors', 'days since last order', 'email opens 30d', 'NPS score', 'mrr', 'total spend EUR',
    ]);
  });

  it('writes ratios near 1 and near 0 with enough digits to say which side of the average they are', () => {
    expect([3.2, 0.96, 1.04, 0.5, 0.012, 0.0871].map((x) => formatRatio(x))).toEqual(['3.2x', '0.96x', '1.04x', '0.5x', '0.012x', '0.087x']);
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

  it('tells apart two segments whose strongest traits give the same name by their next differing trait, with no label suffix', () => {
    const [first] = SUMMARY.segments;
    // Alike in spend, recency and frequency; apart in NPS, a weaker trait.
    const twin = { ...first, label: '4', numeric: first.numeric.map((n) => (n.column === 'nps_score' ? { ...n, mean: 40, z: -0.6 } : n)) };
    const names = generatePersonas({ ...SUMMARY, segments: [first, twin] }, DEFAULT_PLAYBOOK).map((p) => p.name);
    expect(names).toEqual(['Recent big spenders with high nps score', 'Recent big spenders with low nps score']);
  });

  it('tells apart segments alike in every trait by their size, and by number only when the sizes match too', () => {
    const [first] = SUMMARY.segments;
    const bigger = generatePersonas({ ...SUMMARY, segments: [first, { ...first, label: '4', size: 350, share: 0.35 }] }, DEFAULT_PLAYBOOK).map((p) => p.name);
    expect(bigger).toEqual(['Recent big spenders, 20% of customers', 'Recent big spenders, 35% of customers']);
    const same = generatePersonas({ ...SUMMARY, segments: [first, { ...first, label: '4' }] }, DEFAULT_PLAYBOOK).map((p) => p.name);
    expect(new Set(same).size).toBe(2);
    expect(same.join()).not.toMatch(/segment/);
  });

  it('keeps a label a rules or RFM cell gave as the name, and says the traits in the description instead', () => {
    const personas = generatePersonas({ ...SUMMARY, namedLabels: ['1', '2'] }, DEFAULT_PLAYBOOK);
    expect(personas.map((p) => p.name)).toEqual(['1', '2', 'High nps score']);
    expect(personas[0].description).toBe('Recent big spenders. 200 customers, 20% of all, bringing 63.9% of the monetary value.');
  });

  it('treats a column as money only when the profile or a cell declares it so', () => {
    // "values_tradition" is a survey item; the old name rule took any column starting "value" for money.
    const rename = (s: SegmentProfile): SegmentProfile => ({ ...s, value: null, valueShare: null, valuePerCustomer: null, numeric: s.numeric.map((n) => (n.column === 'monetary' ? { ...n, column: 'values_tradition' } : n)) });
    const survey: ProfileSummary = {
      ...SUMMARY, valueColumn: null, totalValue: null, meanings: {}, numeric: SUMMARY.numeric.map((n) => (n.column === 'monetary' ? { ...n, column: 'values_tradition' } : n)),
      segments: SUMMARY.segments.map(rename),
    };
    const [first] = generatePersonas(survey, DEFAULT_PLAYBOOK);
    expect(first.name).toBe('High values tradition');
    expect(first.traits.map((t) => t.text)).toContain('values tradition is 3.2x the average: 4,120 vs 1,290');
    expect(first.playbookTraits).not.toContain('high-value');
    const declared = generatePersonas({ ...survey, meanings: { values_tradition: 'monetary' } }, DEFAULT_PLAYBOOK)[0];
    expect(declared.name).toBe('Recent high-value customers');
    expect(declared.playbookTraits).toContain('high-value');
  });

  it('calls a segment with no distinguishing trait typical', () => {
    const flat = { ...SUMMARY.segments[2], numeric: SUMMARY.segments[2].numeric.map((n) => ({ ...n, z: 0.05 })), categorical: [] };
    expect(generatePersonas({ ...SUMMARY, segments: [flat] }, DEFAULT_PLAYBOOK)[0].name).toBe('Typical customers');
  });
});
