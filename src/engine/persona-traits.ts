import { formatNumber, formatRatio } from './number-format.ts';

/** What a column measures, so a persona can say it in words. */
export type Concept = 'recency' | 'tenure' | 'frequency' | 'monetary' | 'income' | 'age' | 'engagement' | 'alive';

/**
 * What the user or a cell has said columns mean: the profile's value column, RFM's monetary, CLV's
 * value. These outrank any guess from a name; null says a column means none of the concepts (CLV's
 * "recency" is the age at the last purchase, not days since it).
 */
export type ColumnMeanings = Readonly<Record<string, Concept | null>>;

interface Words {
  /** Used before another trait's noun: "Recent" big spenders. */
  adjective: string;
  /** Names a persona on its own: "big spenders". */
  noun: string;
  /** Follows a name to tell two segments apart: big spenders "who bought recently". */
  tail: string;
}

interface ConceptWords {
  high: Words;
  low: Words;
  /** The trait line, e.g. "last bought 12 days ago on average, vs 95 days overall". */
  line: (t: NumericTrait) => string;
}

export interface NumericTrait {
  column: string;
  mean: number;
  overall: number;
  z: number;
}

/**
 * A column name as words: "lifestyle_outdoors" is "lifestyle outdoors", "daysSinceLastOrder" is
 * "days since last order". Acronyms such as NPS keep their capitals.
 */
export function columnWords(column: string): string {
  const words = column
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => (/^[A-Z0-9]{2,}$/.test(w) && /[A-Z]/.test(w) ? w : w.toLowerCase()));
  return words.length ? words.join(' ') : column;
}

/**
 * The value column as the noun after "of the": "monetary" is an adjective on its own, so it reads
 * "monetary value" ("bringing 0.6% of the monetary value"); no column reads "value".
 */
export function valueWords(column: string | null): string {
  if (column === null) return 'value';
  const words = columnWords(column);
  return /\bmonetary$/i.test(words) ? `${words} value` : words;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// Matched on whole words of the name. Order matters: "days since signup" is tenure although it
// contains "days since". Money is never guessed from a name: only the user or a cell declares it.
const PATTERNS: Array<[Concept, RegExp]> = [
  ['alive', /\b((p|prob|probability) )?alive\b|\bpalive\b/],
  ['tenure', /\b(tenure|customer since|since signup|signup days|days since (first|signup)|months active|membership days|account age|customer age (days|months))\b/],
  ['recency', /\b(recency|days since|since last|last (purchase|order|seen|visit)|inactive)\b/],
  ['frequency', /\b(freq|frequency|orders|purchases|transactions|invoices|baskets|order count|num orders)\b/],
  ['income', /\b(income|salary|earnings)\b/],
  ['age', /^(customer )?age( years| yrs)?$/],
  ['engagement', /\b(sessions?|logins?|email opens|opens|clicks|page views|pageviews|visits|engagement)\b/],
];

/** What a column measures: as declared, else as its name's words suggest; never money from a name. */
export function conceptOf(column: string, meanings: ColumnMeanings = {}): Concept | null {
  if (Object.hasOwn(meanings, column)) return meanings[column];
  const words = columnWords(column).toLowerCase();
  return PATTERNS.find(([, pattern]) => pattern.test(words))?.[0] ?? null;
}

/** "3.2x" when both numbers are positive, where a ratio means something; null otherwise. */
function ratio(t: NumericTrait): string | null {
  if (!(t.mean > 0 && t.overall > 0)) return null;
  return formatRatio(t.mean / t.overall);
}

function versus(t: NumericTrait, unit = ''): string {
  return `${formatNumber(t.mean)} vs ${formatNumber(t.overall)}${unit}`;
}

function timesAverage(verb: string, t: NumericTrait, average = 'the average'): string {
  const r = ratio(t);
  return r ? `${verb} ${r} ${average}: ${versus(t)}` : `${verb} ${t.z > 0 ? 'more' : 'less'} than average: ${versus(t)}`;
}

function unitOf(column: string): string {
  const words = ` ${columnWords(column).toLowerCase()} `;
  return /\bdays?\b/.test(words) ? ' days' : /\bweeks?\b/.test(words) ? ' weeks' : /\bmonths?\b/.test(words) ? ' months' : /\byears?\b/.test(words) ? ' years' : '';
}

/** Money columns whose words say spending read as spending; others (CLV, MRR) as value. */
const SPENDING = /\b(spend|spent|spending|monetary|sales|revenue|amount)\b/;

function moneyWords(column: string): ConceptWords {
  const words = columnWords(column);
  const spending = SPENDING.test(words.toLowerCase());
  return {
    high: spending
      ? { adjective: 'Big-spending', noun: 'big spenders', tail: 'who spend more' }
      : { adjective: 'High-value', noun: 'high-value customers', tail: 'worth more' },
    low: spending
      ? { adjective: 'Low-spending', noun: 'low spenders', tail: 'who spend less' }
      : { adjective: 'Low-value', noun: 'low-value customers', tail: 'worth less' },
    // "spends 3.2x the average" reads as a sentence about the customer; the card names the column beside it.
    line: (t) => (spending ? timesAverage('spends', t) : timesAverage(`${words} is`, t)),
  };
}

const WORDS: Record<Exclude<Concept, 'monetary'>, ConceptWords> = {
  recency: {
    high: { adjective: 'Lapsed', noun: 'lapsed customers', tail: 'who last bought long ago' },
    low: { adjective: 'Recent', noun: 'recent buyers', tail: 'who bought recently' },
    line: (t) => {
      const unit = unitOf(t.column) || ' days';
      return `last bought ${formatNumber(t.mean)}${unit} ago on average, vs ${formatNumber(t.overall)}${unit} overall`;
    },
  },
  tenure: {
    high: { adjective: 'Long-standing', noun: 'long-standing customers', tail: 'who joined long ago' },
    low: { adjective: 'New', noun: 'new customers', tail: 'who joined recently' },
    line: (t) => timesAverage('has been a customer', t, 'as long as average'),
  },
  frequency: {
    high: { adjective: 'Frequent', noun: 'frequent buyers', tail: 'who buy more often' },
    low: { adjective: 'Occasional', noun: 'occasional buyers', tail: 'who buy less often' },
    line: (t) => timesAverage('buys', t, 'as often as average'),
  },
  income: {
    high: { adjective: 'High-income', noun: 'high earners', tail: 'on higher incomes' },
    low: { adjective: 'Low-income', noun: 'low earners', tail: 'on lower incomes' },
    line: (t) => timesAverage('earns', t),
  },
  age: {
    high: { adjective: 'Older', noun: 'older customers', tail: 'who are older' },
    low: { adjective: 'Young', noun: 'young customers', tail: 'who are younger' },
    line: (t) => `${t.z > 0 ? 'older' : 'younger'} than average: ${versus(t, ' years')}`,
  },
  engagement: {
    high: { adjective: 'Engaged', noun: 'engaged users', tail: 'who engage more' },
    low: { adjective: 'Disengaged', noun: 'disengaged users', tail: 'who engage less' },
    line: (t) => timesAverage(`${columnWords(t.column)} is`, t),
  },
  alive: {
    high: { adjective: 'Active', noun: 'active customers', tail: 'likely to stay' },
    low: { adjective: 'Fading', noun: 'fading customers', tail: 'likely to lapse' },
    line: (t) => `P(alive) ${formatNumber(t.mean)} on average, vs ${formatNumber(t.overall)} overall`,
  },
};

/** The words for a numeric trait of a known concept, or "High lifestyle outdoors" for any other column. */
export function numericWords(t: NumericTrait, concept: Concept | null): Words & { line: string; recognised: boolean } {
  if (!concept) {
    const words = columnWords(t.column);
    const level = t.z > 0 ? 'high' : 'low';
    return { adjective: `${capitalise(level)} ${words}`, noun: `${level} ${words}`, tail: `with ${level} ${words}`, line: timesAverage(`${words} is`, t), recognised: false };
  }
  const words = concept === 'monetary' ? moneyWords(t.column) : WORDS[concept];
  return { ...(t.z > 0 ? words.high : words.low), line: words.line(t), recognised: true };
}
