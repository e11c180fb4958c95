// The retail sample: customers of an imaginary European retailer and two years of their orders,
// simulated per customer from a planted behaviour segment.
//
// Determinism: one seed, a small PRNG of our own (mulberry32) with one stream per customer, integer
// arithmetic for days, seconds and cents, and no Math.random, Date, locale formatting or
// transcendental Math functions (whose last bits may differ between JavaScript engines).

import { SAMPLE_DATASETS } from './catalog.ts';
import { civilFromDays, day, daysFromCivil, formatCents, formatDate, formatTimestamp, pad, weekday } from './lib/calendar.ts';
import { csv } from './lib/csv.ts';
import { Rng, streamSeed } from './lib/random.ts';

export { formatDate, formatTimestamp };

export const SEED = 20240917;

const CUSTOMERS_FILE = datasetFile('retail-customers');
const TRANSACTIONS_FILE = datasetFile('retail-transactions');
/** The files this module generates. */
export const RETAIL_FILES = [CUSTOMERS_FILE, TRANSACTIONS_FILE] as const;

function datasetFile(id: (typeof SAMPLE_DATASETS)[number]['id']): string {
  const dataset = SAMPLE_DATASETS.find((d) => d.id === id);
  if (!dataset) throw new Error(`catalog has no dataset ${id}`);
  return dataset.file;
}

const PERIOD_START = day('2023-01-01');
const PERIOD_END = day('2024-12-31');
const LAST_SECOND = (PERIOD_END + 1) * 86400 - 1;
/** Recency is measured as of the day after the period ends. */
const AS_OF = PERIOD_END + 1;


// [country, region, city, relative weight]
const PLACES: readonly (readonly [string, string, string, number])[] = [
  ['Germany', 'Berlin', 'Berlin', 8],
  ['Germany', 'Hamburg', 'Hamburg', 4],
  ['Germany', 'Bavaria', 'München', 5],
  ['Germany', 'Bavaria', 'Nürnberg', 2],
  ['Germany', 'North Rhine-Westphalia', 'Köln', 4],
  ['Germany', 'North Rhine-Westphalia', 'Düsseldorf', 3],
  ['Germany', 'North Rhine-Westphalia', 'Dortmund', 2],
  ['Germany', 'Baden-Württemberg', 'Stuttgart', 3],
  ['Germany', 'Baden-Württemberg', 'Freiburg', 1],
  ['France', 'Île-de-France', 'Paris', 9],
  ['France', 'Île-de-France', 'Versailles', 1],
  ['France', 'Auvergne-Rhône-Alpes', 'Lyon', 3],
  ['France', 'Auvergne-Rhône-Alpes', 'Grenoble', 1],
  ['France', "Provence-Alpes-Côte d'Azur", 'Marseille', 3],
  ['France', "Provence-Alpes-Côte d'Azur", 'Nice', 1],
  ['France', 'Occitanie', 'Toulouse', 2],
  ['France', 'Occitanie', 'Montpellier', 1],
  ['France', 'Hauts-de-France', 'Lille', 2],
  ['Spain', 'Madrid', 'Madrid', 6],
  ['Spain', 'Catalonia', 'Barcelona', 5],
  ['Spain', 'Catalonia', 'Girona', 1],
  ['Spain', 'Andalusia', 'Sevilla', 2],
  ['Spain', 'Andalusia', 'Málaga', 2],
  ['Spain', 'Andalusia', 'Córdoba', 1],
  ['Spain', 'Valencian Community', 'Valencia', 2],
  ['Italy', 'Lombardy', 'Milano', 5],
  ['Italy', 'Lombardy', 'Bergamo', 1],
  ['Italy', 'Lazio', 'Roma', 5],
  ['Italy', 'Campania', 'Napoli', 2],
  ['Italy', 'Piedmont', 'Torino', 2],
  ['Italy', 'Tuscany', 'Firenze', 2],
  ['Netherlands', 'North Holland', 'Amsterdam', 5],
  ['Netherlands', 'South Holland', 'Rotterdam', 3],
  ['Netherlands', 'South Holland', 'Den Haag', 2],
  ['Netherlands', 'Utrecht', 'Utrecht', 2],
  ['Netherlands', 'North Brabant', 'Eindhoven', 1],
  ['Belgium', 'Brussels-Capital', 'Brussels', 3],
  ['Belgium', 'Flanders', 'Antwerpen', 2],
  ['Belgium', 'Flanders', 'Gent', 1],
  ['Belgium', 'Wallonia', 'Liège', 1],
  ['Ireland', 'Leinster', 'Dublin', 4],
  ['Ireland', 'Munster', 'Cork', 1],
  ['Ireland', 'Connacht', 'Galway', 1],
  ['Austria', 'Vienna', 'Wien', 4],
  ['Austria', 'Styria', 'Graz', 1],
  ['Austria', 'Salzburg', 'Salzburg', 1],
];

interface Category {
  name: string;
  /** Regular price range in cents. */
  min: number;
  max: number;
  /** Most units of this category one order line holds. */
  maxQuantity: number;
}

const CATEGORIES: readonly Category[] = [
  { name: 'Electronics', min: 1999, max: 34999, maxQuantity: 2 },
  { name: 'Fashion', min: 999, max: 12999, maxQuantity: 3 },
  { name: 'Home & Kitchen', min: 599, max: 14999, maxQuantity: 3 },
  { name: 'Beauty', min: 399, max: 5999, maxQuantity: 4 },
  { name: 'Sports & Outdoors', min: 999, max: 19999, maxQuantity: 2 },
  { name: 'Toys & Games', min: 699, max: 7999, maxQuantity: 3 },
  { name: 'Books', min: 499, max: 3499, maxQuantity: 3 },
  { name: 'Grocery', min: 199, max: 2499, maxQuantity: 8 },
];

const CHANNELS = ['web', 'app', 'store'] as const;
type Channel = (typeof CHANNELS)[number];

// Hour-of-day weights, 0..23, per channel.
const HOURS: Record<Channel, readonly number[]> = {
  web: [2, 1, 1, 0.5, 0.5, 0.5, 1, 2, 3, 4, 4, 5, 6, 5, 4, 4, 5, 6, 7, 9, 10, 10, 7, 4],
  app: [1, 0.5, 0.2, 0.2, 0.2, 0.5, 2, 6, 7, 4, 3, 4, 7, 6, 3, 3, 4, 6, 6, 7, 9, 10, 7, 3],
  store: [0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 5, 7, 8, 7, 5, 6, 8, 9, 8, 5, 3, 0, 0, 0],
};

export const SEGMENTS = ['champions', 'loyal', 'bargain_hunters', 'new', 'at_risk', 'lost'] as const;
export type Segment = (typeof SEGMENTS)[number];

interface Profile {
  customers: number;
  /** One line on how the segment was planted, for the README. */
  story: string;
  /** Purchase invoices per customer over the period (peaked between the bounds). */
  orders: [number, number];
  /** Signup dates are drawn from this range (ISO dates); 'new' customers ignore it. */
  signup: [string, string];
  /** Day of the last purchase is drawn from this range; 'new' customers ignore it. */
  lastPurchase: [string, string];
  /** Chance of each further line on an invoice (mean lines = 1 / (1 - p)). */
  extraLine: number;
  /** Chance an order line holds more than one unit. */
  multiUnit: number;
  /** 1: prices uniform in a category's range; 2, 3: increasingly skewed to cheap items. */
  priceSkew: 1 | 2 | 3;
  /** Buys mostly discounted items, mostly during sales. */
  saleHunter: boolean;
  /** Orders thin out towards the last purchase. */
  fading: boolean;
  categoryWeights: readonly number[]; // aligned with CATEGORIES
  channelWeights: Record<Channel, number>;
  age: [number, number];
  /** Typical annual income. */
  income: number;
  emailOptIn: number;
}

const PROFILES: Record<Segment, Profile> = {
  champions: {
    customers: 180,
    story: 'Buy every two to three weeks through both years, last bought in the final 3 weeks, big baskets of full-price items.',
    orders: [28, 48],
    signup: ['2018-01-01', '2022-09-30'],
    lastPurchase: ['2024-12-11', '2024-12-31'],
    extraLine: 0.6,
    multiUnit: 0.35,
    priceSkew: 1,
    saleHunter: false,
    fading: false,
    categoryWeights: [3, 3, 2.5, 2, 2, 1.5, 1, 1],
    channelWeights: { web: 4, app: 4.5, store: 1.5 },
    age: [27, 60],
    income: 72000,
    emailOptIn: 0.8,
  },
  loyal: {
    customers: 380,
    story: 'Buy about monthly through both years, last bought in the final 2 months, mid-sized baskets at regular prices.',
    orders: [12, 26],
    signup: ['2018-01-01', '2023-03-31'],
    lastPurchase: ['2024-11-01', '2024-12-31'],
    extraLine: 0.5,
    multiUnit: 0.25,
    priceSkew: 2,
    saleHunter: false,
    fading: false,
    categoryWeights: [1.5, 2, 2, 2, 1.5, 1.5, 1.5, 2],
    channelWeights: { web: 3.5, app: 3, store: 3.5 },
    age: [24, 72],
    income: 56000,
    emailOptIn: 0.7,
  },
  bargain_hunters: {
    customers: 340,
    story:
      'Buy mostly during sales (January, July, Black Friday week, after Christmas), mostly discounted items (20-50% off), several units at a time; last bought within 5 months.',
    orders: [8, 18],
    signup: ['2018-01-01', '2023-06-30'],
    lastPurchase: ['2024-08-03', '2024-12-31'],
    extraLine: 0.55,
    multiUnit: 0.55,
    priceSkew: 3,
    saleHunter: true,
    fading: false,
    categoryWeights: [1, 2.5, 2, 2.5, 1, 2, 1, 3],
    channelWeights: { web: 5, app: 3.5, store: 1.5 },
    age: [19, 70],
    income: 38000,
    emailOptIn: 0.75,
  },
  new: {
    customers: 260,
    story: 'Signed up in the last 3 months (October to December 2024); first order within 10 days of signup, one to three orders in all.',
    orders: [1, 3],
    signup: ['2024-10-04', '2024-12-28'],
    lastPurchase: ['2024-10-04', '2024-12-31'],
    extraLine: 0.38,
    multiUnit: 0.2,
    priceSkew: 2,
    saleHunter: false,
    fading: false,
    categoryWeights: [1.5, 2.5, 1.5, 2, 1.5, 1, 1, 1.5],
    channelWeights: { web: 3.5, app: 5.5, store: 1 },
    age: [18, 48],
    income: 45000,
    emailOptIn: 0.6,
  },
  at_risk: {
    customers: 360,
    story: 'Bought regularly in 2023, thinning out in 2024, and made their last purchase between February and August 2024 (4-11 months before the end).',
    orders: [8, 18],
    signup: ['2018-01-01', '2023-03-31'],
    lastPurchase: ['2024-02-01', '2024-08-31'],
    extraLine: 0.5,
    multiUnit: 0.25,
    priceSkew: 2,
    saleHunter: false,
    fading: true,
    categoryWeights: [2, 2, 2, 1.5, 2, 1.5, 1.5, 1.5],
    channelWeights: { web: 3.5, app: 2.5, store: 4 },
    age: [25, 76],
    income: 54000,
    emailOptIn: 0.45,
  },
  lost: {
    customers: 480,
    story: 'One to five small orders, the last between February and November 2023: nothing in the final 13 months.',
    orders: [1, 5],
    signup: ['2018-01-01', '2022-12-31'],
    lastPurchase: ['2023-02-01', '2023-11-30'],
    extraLine: 0.3,
    multiUnit: 0.15,
    priceSkew: 3,
    saleHunter: false,
    fading: false,
    categoryWeights: [1, 2, 2, 1.5, 1.5, 1.5, 2, 2],
    channelWeights: { web: 3.5, app: 1.5, store: 5 },
    age: [21, 80],
    income: 42000,
    emailOptIn: 0.25,
  },
};

/** Share of order lines later cancelled (each cancellation is its own row). */
const CANCEL_RATE = 0.0152;
const FIRST_CUSTOMER_ID = 10001;


// Relative order volume by month (Jan..Dec).
const MONTH_WEIGHT = [0.9, 0.8, 0.9, 0.95, 1, 1, 1.05, 0.95, 0.95, 1.05, 1.3, 1.5];

/** Day of Black Friday (the day after the fourth Thursday of November). */
function blackFriday(year: number): number {
  const nov1 = daysFromCivil(year, 11, 1);
  const firstThursday = nov1 + ((4 - weekday(nov1) + 7) % 7);
  return firstThursday + 21 + 1;
}

/** Winter sales (2-15 Jan), summer sales (1-14 Jul), Black Friday to Cyber Monday +-, after Christmas. */
export function isSaleDay(days: number): boolean {
  const [y, m, d] = civilFromDays(days);
  if (m === 1 && d >= 2 && d <= 15) return true;
  if (m === 7 && d <= 14) return true;
  if (m === 12 && d >= 26) return true;
  const bf = blackFriday(y);
  return days >= bf - 3 && days <= bf + 3;
}

function seasonalWeight(days: number): number {
  const [, m, d] = civilFromDays(days);
  const w = m === 12 && d >= 24 && d <= 26 ? 0.4 : MONTH_WEIGHT[m - 1]; // quiet over Christmas itself
  const dow = weekday(days);
  return w * (dow === 0 || dow === 6 ? 1.1 : 1);
}


interface Customer {
  id: number;
  segment: Segment;
  signupDay: number;
  country: string;
  region: string;
  city: string;
  age: number;
  gender: string;
  income: number | null;
  channelPreference: Channel;
  emailOptIn: boolean;
  /** Planned day of the last purchase (not used for 'new'). */
  lastDay: number;
  categoryWeights: (readonly [number, number])[]; // [category index, weight]
  rng: Rng;
  draftOrder: number;
}

interface Row {
  seconds: number;
  invoiceId: string;
  lineNo: number;
  customerId: number;
  category: string;
  quantity: number;
  cents: number;
  channel: Channel;
}

interface Invoice {
  seconds: number;
  customer: Customer;
  seq: number;
  channel: Channel;
  lines: { category: string; quantity: number; cents: number; cancelled: number }[];
  cancelSeconds: number;
}

function draftCustomer(segment: Segment, draftOrder: number): Customer {
  const p = PROFILES[segment];
  const rng = new Rng(streamSeed(SEED, draftOrder + 1));
  let lastDay: number;
  let signupDay: number;
  if (segment === 'new') {
    signupDay = rng.int(day(p.signup[0]), day(p.signup[1]));
    lastDay = PERIOD_END;
  } else {
    const lo = day(p.lastPurchase[0]);
    const hi = day(p.lastPurchase[1]);
    lastDay = p.saleHunter ? sampleDay(rng, lo, hi, (d) => saleWeight(d), 6) : rng.int(lo, hi);
    signupDay = rng.int(day(p.signup[0]), Math.min(day(p.signup[1]), lastDay - 30));
  }
  const [country, region, city] = rng.weighted(PLACES.map((pl) => [pl, pl[3]] as const));
  const age = rng.tri(p.age[0], p.age[1]);
  const gender = rng.weighted([['female', 49], ['male', 47], ['other', 2], ['', 2]] as const);
  // Income: segment level, rising with age up to ~48, mild spread and a long right tail.
  const spread = 0.6 + 0.27 * (rng.next() + rng.next() + rng.next());
  const u = rng.next();
  const tail = 1 + 1.2 * u * u * u * u;
  const ageFactor = 0.8 + 0.4 * (Math.min(age, 48) - 18) / 30;
  const income = rng.chance(0.03) ? null : Math.round((p.income * spread * tail * ageFactor) / 100) * 100;
  const channelPreference = rng.weighted(CHANNELS.map((c) => [c, p.channelWeights[c]] as const));
  const emailOptIn = rng.chance(p.emailOptIn);
  const favourite = rng.weighted(p.categoryWeights.map((w, i) => [i, w] as const));
  const categoryWeights = p.categoryWeights.map((w, i) => [i, i === favourite ? w * 3 : w] as const);
  return {
    id: 0, segment, signupDay, country, region, city, age, gender, income, channelPreference,
    emailOptIn, lastDay, categoryWeights, rng, draftOrder,
  };
}

function saleWeight(days: number): number {
  return isSaleDay(days) ? 6 : 0.5;
}

/** A day in [lo, hi] drawn with probability proportional to weight(day) <= maxWeight. */
function sampleDay(rng: Rng, lo: number, hi: number, weight: (d: number) => number, maxWeight: number): number {
  for (let attempt = 0; attempt < 10000; attempt++) {
    const d = rng.int(lo, hi);
    if (rng.next() * maxWeight < weight(d)) return d;
  }
  return rng.int(lo, hi);
}

function orderDays(c: Customer): number[] {
  const p = PROFILES[c.segment];
  const { rng } = c;
  const n = rng.tri(p.orders[0], p.orders[1]);
  if (c.segment === 'new') {
    const first = Math.min(c.signupDay + rng.int(0, 10), PERIOD_END);
    const days = [first];
    for (let i = 1; i < n; i++) days.push(sampleDay(rng, first, PERIOD_END, seasonalWeight, 1.65));
    return days;
  }
  const from = Math.max(PERIOD_START, c.signupDay);
  const span = c.lastDay - from + 1;
  const weight = (d: number): number =>
    seasonalWeight(d) * (p.saleHunter ? saleWeight(d) : 1) * (p.fading ? 1.6 - (1.3 * (d - from)) / span : 1);
  const max = 1.65 * (p.saleHunter ? 6 : 1) * (p.fading ? 1.6 : 1);
  const days = [c.lastDay];
  for (let i = 1; i < n; i++) days.push(sampleDay(rng, from, c.lastDay, weight, max));
  return days;
}

function makeInvoice(c: Customer, orderDay: number, seq: number): Invoice {
  const p = PROFILES[c.segment];
  const { rng } = c;
  const channel = rng.chance(0.75) ? c.channelPreference : rng.weighted(CHANNELS.map((ch) => [ch, p.channelWeights[ch]] as const));
  const hour = rng.weighted(HOURS[channel].map((w, h) => [h, w] as const));
  const seconds = orderDay * 86400 + hour * 3600 + rng.int(0, 3599);

  let lineCount = 1;
  while (lineCount < 6 && rng.chance(p.extraLine)) lineCount++;
  const used = new Set<number>();
  const lines: Invoice['lines'] = [];
  for (let i = 0; i < lineCount; i++) {
    let cat = rng.weighted(c.categoryWeights);
    for (let tries = 0; used.has(cat) && tries < 8; tries++) cat = rng.weighted(c.categoryWeights);
    if (used.has(cat)) continue;
    used.add(cat);
    const category = CATEGORIES[cat];

    const u = rng.next();
    const skewed = p.priceSkew === 1 ? u : p.priceSkew === 2 ? u * u : u * u * u;
    const euros = Math.max(1, Math.round((category.min + (category.max - category.min) * skewed) / 100));
    const ending = rng.weighted([[1, 70], [51, 20], [5, 10]] as const); // x.99, x.49, x.95
    let cents = euros * 100 - ending;
    if (p.saleHunter && rng.chance(0.8)) cents = Math.round((cents * (100 - 5 * rng.int(4, 10))) / 100);

    const quantity = 1 + (rng.chance(p.multiUnit) ? rng.int(1, category.maxQuantity - 1) : 0);
    const cancelled = rng.chance(CANCEL_RATE) ? (quantity === 1 ? 1 : rng.int(1, quantity)) : 0;
    lines.push({ category: category.name, quantity, cents, cancelled });
  }
  const cancelSeconds = Math.min(seconds + rng.int(1800, 10 * 86400), LAST_SECOND);
  return { seconds, customer: c, seq, channel, lines, cancelSeconds };
}

interface Simulation {
  customers: Customer[];
  rows: Row[];
}

function simulate(): Simulation {
  const rng = new Rng(SEED);
  const slots: Segment[] = [];
  for (const s of SEGMENTS) for (let i = 0; i < PROFILES[s].customers; i++) slots.push(s);
  rng.shuffle(slots);

  // Customer ids follow signup order.
  const customers = slots
    .map((segment, i) => draftCustomer(segment, i))
    .sort((a, b) => a.signupDay - b.signupDay || a.draftOrder - b.draftOrder);
  customers.forEach((c, i) => (c.id = FIRST_CUSTOMER_ID + i));

  const invoices: Invoice[] = [];
  for (const c of customers) {
    orderDays(c)
      .sort((a, b) => a - b)
      .forEach((d, seq) => invoices.push(makeInvoice(c, d, seq)));
  }
  // Invoice numbers follow time.
  invoices.sort((a, b) => a.seconds - b.seconds || a.customer.id - b.customer.id || a.seq - b.seq);

  const rows: Row[] = [];
  invoices.forEach((inv, i) => {
    const invoiceId = `INV${pad(i + 1, 6)}`;
    inv.lines.forEach((l, lineNo) => {
      const base = { customerId: inv.customer.id, category: l.category, cents: l.cents, channel: inv.channel, lineNo };
      rows.push({ ...base, seconds: inv.seconds, invoiceId, quantity: l.quantity });
      if (l.cancelled) rows.push({ ...base, seconds: inv.cancelSeconds, invoiceId: `C${invoiceId}`, quantity: -l.cancelled });
    });
  });
  rows.sort((a, b) => a.seconds - b.seconds || compareStrings(a.invoiceId, b.invoiceId) || a.lineNo - b.lineNo);
  return { customers: customers.sort((a, b) => a.id - b.id), rows };
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const CUSTOMER_COLUMNS = [
  'customer_id', 'signup_date', 'country', 'region', 'city', 'age', 'gender', 'income',
  'channel_preference', 'email_opt_in', 'segment_truth',
] as const;

export const TRANSACTION_COLUMNS = [
  'invoice_id', 'customer_id', 'invoice_date', 'product_category', 'quantity', 'unit_price', 'channel',
] as const;

function customersCsv(customers: Customer[]): string {
  return csv(
    CUSTOMER_COLUMNS,
    customers.map((c) => [
      c.id, formatDate(c.signupDay), c.country, c.region, c.city, c.age, c.gender, c.income,
      c.channelPreference, c.emailOptIn, c.segment,
    ]),
  );
}

function transactionsCsv(rows: Row[]): string {
  return csv(
    TRANSACTION_COLUMNS,
    rows.map((r) => [r.invoiceId, r.customerId, formatTimestamp(r.seconds), r.category, r.quantity, formatCents(r.cents), r.channel]),
  );
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function segmentTable(sim: Simulation): string {
  const lines = [
    '| segment_truth | customers | orders per customer (mean) | days since last order (median) | net spend per customer (mean) | mean unit price | lines bought in sales | cancelled lines |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const segment of SEGMENTS) {
    const members = sim.customers.filter((c) => c.segment === segment);
    const ids = new Set(members.map((c) => c.id));
    const rows = sim.rows.filter((r) => ids.has(r.customerId));
    const bought = rows.filter((r) => r.quantity > 0);
    const invoices = new Set(bought.map((r) => r.invoiceId)).size;
    const last = new Map<number, number>();
    for (const r of bought) last.set(r.customerId, Math.max(last.get(r.customerId) ?? 0, r.seconds));
    const recency = members.map((c) => AS_OF - Math.floor((last.get(c.id) ?? 0) / 86400));
    const spend = rows.reduce((sum, r) => sum + r.quantity * r.cents, 0);
    const unitPrice = bought.reduce((sum, r) => sum + r.cents, 0) / bought.length;
    const inSales = bought.filter((r) => isSaleDay(Math.floor(r.seconds / 86400))).length / bought.length;
    const cancelled = rows.filter((r) => r.quantity < 0).length / bought.length;
    lines.push(
      `| ${segment} | ${members.length} | ${(invoices / members.length).toFixed(1)} | ${median(recency).toFixed(0)} | ` +
        `${(spend / 100 / members.length).toFixed(0)} | ${(unitPrice / 100).toFixed(2)} | ${(inSales * 100).toFixed(0)}% | ${(cancelled * 100).toFixed(1)}% |`,
    );
  }
  return lines.join('\n');
}

function segmentStories(): string {
  return SEGMENTS.map((s) => `- \`${s}\` (${PROFILES[s].customers} customers): ${PROFILES[s].story}`).join('\n');
}

function retailReadme(sim: Simulation): string {
  const invoices = new Set(sim.rows.filter((r) => r.quantity > 0).map((r) => r.invoiceId)).size;
  const cancellations = sim.rows.filter((r) => r.quantity < 0).length;
  return `## Retail customers and transactions

\`${CUSTOMERS_FILE}\` (table \`retail_customers\`) and \`${TRANSACTIONS_FILE}\` (table \`retail_transactions\`): the
customers and two years of orders of an imaginary European retailer that sells online (web and app)
and in stores. Each customer was planted in one of six behaviour segments, recorded in
\`segment_truth\`, so a segmentation (RFM scores, clustering, ...) can be checked against the truth.
Amounts are in euros. Place names use their local spelling (München, Málaga, Liège, ...).

### ${CUSTOMERS_FILE}

One row per customer, ordered by \`customer_id\`.

| column | type | meaning |
|---|---|---|
| \`customer_id\` | integer | Customer number, ${FIRST_CUSTOMER_ID} upwards, in order of signup. |
| \`signup_date\` | date (\`YYYY-MM-DD\`) | Day the customer created an account (2018 to December 2024). |
| \`country\` | text | One of ${[...new Set(PLACES.map((p) => p[0]))].length} euro-area countries. |
| \`region\` | text | State, region or province within the country. |
| \`city\` | text | City within the region. |
| \`age\` | integer | Age in years at the end of 2024. |
| \`gender\` | text | \`female\`, \`male\` or \`other\`; empty (NULL) for about 2% who did not say. |
| \`income\` | integer | Estimated annual household income in euros, rounded to 100; empty (NULL) for about 3%. |
| \`channel_preference\` | text | Channel the customer mostly orders through: \`web\`, \`app\` or \`store\` (about 75% of their orders). |
| \`email_opt_in\` | boolean | Whether the customer agreed to marketing emails (\`true\`/\`false\`). |
| \`segment_truth\` | text | The planted segment: ${SEGMENTS.map((s) => `\`${s}\``).join(', ')}. |

### ${TRANSACTIONS_FILE}

One row per order line from ${formatDate(PERIOD_START)} to ${formatDate(PERIOD_END)}, ordered by time:
${invoices} orders (invoices) and ${cancellations} cancelled lines (${((cancellations / sim.rows.length) * 100).toFixed(1)}% of rows).

| column | type | meaning |
|---|---|---|
| \`invoice_id\` | text | Order number, \`INV000001\` upwards in time order. All lines of one order share it. A cancellation has the id of the order it cancels with a \`C\` in front (\`CINV000123\`). |
| \`customer_id\` | integer | The customer; every id exists in \`${CUSTOMERS_FILE}\`. |
| \`invoice_date\` | timestamp (\`YYYY-MM-DD HH:MM:SS\`) | When the order was placed (or cancelled), UTC. |
| \`product_category\` | text | ${CATEGORIES.map((c) => `\`${c.name}\``).join(', ')}. |
| \`quantity\` | integer | Units bought; negative on cancellations (some or all of the line's units). |
| \`unit_price\` | decimal, 2 places | Price per unit in euros, after any discount. |
| \`channel\` | text | Where the order was placed: \`web\`, \`app\` or \`store\`. |

Revenue of a line is \`quantity * unit_price\`; summing over all rows gives spend net of cancellations.
A cancellation comes between half an hour and ten days after its order (never after the period ends).

### Planted segments

Customers were assigned to segments in fixed numbers, shuffled. Each segment has its own ranges for
the number of orders, the day of the last order, basket size, units per line, price level and
category mix, plus its own leanings in channel, age, income and email opt-in:

${segmentStories()}

All segments share a seasonal pattern (more orders in November and December, quieter around
Christmas Day, slightly more at weekends) and channel-specific times of day (stores 09:00-20:59,
app peaks at commute and evening, web peaks in the evening). Each customer has a favourite category
that gets three times its segment's weight. About ${(CANCEL_RATE * 100).toFixed(1)}% of order lines are later cancelled.

What came out (recency counted from ${formatDate(AS_OF)}; spend in euros, net of cancellations; "lines
bought in sales" is the share of order lines placed on sale days: 2-15 January, 1-14 July, Black
Friday week and 26-31 December):

${segmentTable(sim)}

The segments overlap at the edges, as real ones do: a loyal customer may look like a champion, and
bargain hunters are recent too. Recency, frequency, monetary value, unit price and the share of
sale-day orders together separate them.
`;
}

/** The retail files by name, and their README section. Pure: writes nothing. */
export function generateRetail(): { files: Record<string, string>; readme: string } {
  const sim = simulate();
  const files: Record<string, string> = {
    [CUSTOMERS_FILE]: customersCsv(sim.customers),
    [TRANSACTIONS_FILE]: transactionsCsv(sim.rows),
  };
  return { files, readme: retailReadme(sim) };
}
