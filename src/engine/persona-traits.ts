/** What a column most likely measures, recognised from its name, so a persona can say it in words. */
export type Concept = 'recency' | 'tenure' | 'frequency' | 'monetary' | 'income' | 'age' | 'engagement' | 'alive';

interface Words {
  /** Used before another trait's noun: "Recent" big spenders. */
  adjective: string;
  /** Names a persona on its own: "big spenders". */
  noun: string;
}

interface ConceptWords {
  high: Words;
  low: Words;
  /** The trait line, e.g. "spends 3.2x the average: 4,120 vs 1,290". */
  line: (t: NumericTrait) => string;
}

export interface NumericTrait {
  column: string;
  mean: number;
  overall: number;
  z: number;
}

// Order matters: "days since signup" is tenure although it contains "days since".
const PATTERNS: Array<[Concept, RegExp]> = [
  ['alive', /palive|probalive|probabilityalive/],
  ['tenure', /tenure|customersince|sincesignup|signupdays|dayssincefirst|monthsactive|membershipdays|accountage|customerage(days|months)/],
  ['recency', /recency|dayssince|sincelast|lastpurchase|lastorder|lastseen|inactive/],
  ['frequency', /freq|orders|purchases|transactions|invoices|baskets|ordercount|numorders/],
  ['monetary', /monetary|spend|amount|revenue|sales|clv|ltv|lifetimevalue|^value|value$|totalvalue/],
  ['income', /income|salary|earnings/],
  ['age', /^(customer)?age(years|yrs)?$/],
  ['engagement', /session|login|emailopen|opens|clicks|pageviews|visits|engagement/],
];

export function conceptOf(column: string): Concept | null {
  const name = column.toLowerCase().replace(/[^a-z0-9]/g, '');
  return PATTERNS.find(([, pattern]) => pattern.test(name))?.[0] ?? null;
}

/** A number as a person would write it: 4,120; 38.5; 0.42. */
export function formatNumber(x: number): string {
  const abs = Math.abs(x);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return x.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function formatPercent(share: number): string {
  const pct = share * 100;
  return `${pct.toLocaleString('en', { maximumFractionDigits: pct >= 10 || pct === 0 ? 0 : 1 })}%`;
}

/** "3.2x" when both numbers are positive, where a ratio means something; null otherwise. */
function ratio(t: NumericTrait): string | null {
  if (!(t.mean > 0 && t.overall > 0)) return null;
  return `${(t.mean / t.overall).toLocaleString('en', { maximumFractionDigits: 1, minimumFractionDigits: 1 })}x`;
}

function versus(t: NumericTrait, unit = ''): string {
  return `${formatNumber(t.mean)} vs ${formatNumber(t.overall)}${unit}`;
}

function timesAverage(verb: string, t: NumericTrait, average = 'the average'): string {
  const r = ratio(t);
  return r ? `${verb} ${r} ${average}: ${versus(t)}` : `${verb} ${t.z > 0 ? 'more' : 'less'} than average: ${versus(t)}`;
}

function unitOf(column: string): string {
  const name = column.toLowerCase();
  return /day/.test(name) ? ' days' : /week/.test(name) ? ' weeks' : /month/.test(name) ? ' months' : /year/.test(name) ? ' years' : '';
}

const WORDS: Record<Concept, ConceptWords> = {
  recency: {
    high: { adjective: 'Lapsed', noun: 'lapsed customers' },
    low: { adjective: 'Recent', noun: 'recent buyers' },
    line: (t) => {
      const unit = unitOf(t.column) || ' days';
      return `last bought ${formatNumber(t.mean)}${unit} ago on average, vs ${formatNumber(t.overall)}${unit} overall`;
    },
  },
  tenure: {
    high: { adjective: 'Long-standing', noun: 'long-standing customers' },
    low: { adjective: 'New', noun: 'new customers' },
    line: (t) => timesAverage('has been a customer', t, 'as long as average'),
  },
  frequency: {
    high: { adjective: 'Frequent', noun: 'frequent buyers' },
    low: { adjective: 'Occasional', noun: 'occasional buyers' },
    line: (t) => timesAverage('buys', t, 'as often as average'),
  },
  monetary: {
    high: { adjective: 'Big-spending', noun: 'big spenders' },
    low: { adjective: 'Low-spending', noun: 'low spenders' },
    line: (t) => timesAverage('spends', t),
  },
  income: {
    high: { adjective: 'High-income', noun: 'high earners' },
    low: { adjective: 'Low-income', noun: 'low earners' },
    line: (t) => timesAverage('earns', t),
  },
  age: {
    high: { adjective: 'Older', noun: 'older customers' },
    low: { adjective: 'Young', noun: 'young customers' },
    line: (t) => `${t.z > 0 ? 'older' : 'younger'} than average: ${versus(t, ' years')}`,
  },
  engagement: {
    high: { adjective: 'Engaged', noun: 'engaged users' },
    low: { adjective: 'Disengaged', noun: 'disengaged users' },
    line: (t) => timesAverage(`${t.column} is`, t),
  },
  alive: {
    high: { adjective: 'Active', noun: 'active customers' },
    low: { adjective: 'Fading', noun: 'fading customers' },
    line: (t) => `P(alive) ${formatNumber(t.mean)} on average, vs ${formatNumber(t.overall)} overall`,
  },
};

/** The words for a numeric trait: recognised concepts get their own, others "High income_k". */
export function numericWords(t: NumericTrait): Words & { line: string; recognised: boolean } {
  const concept = conceptOf(t.column);
  if (!concept) {
    const level = t.z > 0 ? 'High' : 'Low';
    return { adjective: `${level} ${t.column}`, noun: `${level.toLowerCase()} ${t.column}`, line: timesAverage(`${t.column} is`, t), recognised: false };
  }
  const words = WORDS[concept];
  return { ...(t.z > 0 ? words.high : words.low), line: words.line(t), recognised: true };
}
