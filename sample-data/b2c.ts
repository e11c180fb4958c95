// The B2C sample: consumers described every way a segmentation textbook describes them
// (demographics, geography, psychographic survey items, needs, technographics and engagement),
// each drawn from one of six planted personas.

import { day, formatDate } from './lib/calendar.ts';
import { csv } from './lib/csv.ts';
import { columnTable, segmentCounts } from './lib/markdown-table.ts';
import { Rng, count, likert, streamSeed, around } from './lib/random.ts';

const SEED = 20241105;
export const B2C_FILE = 'b2c-customers.csv';
const AS_OF = day('2024-12-31');

type Weights<T extends string> = readonly (readonly [T, number])[];

/** [country, region, city, climate] */
const PLACES: readonly (readonly [string, string, string, string])[] = [
  ['United Kingdom', 'England', 'London', 'oceanic'], ['United Kingdom', 'Scotland', 'Edinburgh', 'oceanic'],
  ['Germany', 'Bavaria', 'Munich', 'continental'], ['Germany', 'Berlin', 'Berlin', 'continental'],
  ['France', 'Île-de-France', 'Paris', 'oceanic'], ['France', "Provence-Alpes-Côte d'Azur", 'Marseille', 'mediterranean'],
  ['Spain', 'Catalonia', 'Barcelona', 'mediterranean'], ['Spain', 'Andalusia', 'Seville', 'mediterranean'],
  ['Italy', 'Lombardy', 'Milan', 'continental'], ['Italy', 'Lazio', 'Rome', 'mediterranean'],
  ['Sweden', 'Stockholm', 'Stockholm', 'nordic'], ['Norway', 'Oslo', 'Oslo', 'nordic'],
  ['Poland', 'Masovia', 'Warsaw', 'continental'], ['Netherlands', 'North Holland', 'Amsterdam', 'oceanic'],
  ['United States', 'California', 'San Francisco', 'mediterranean'], ['United States', 'New York', 'New York', 'continental'],
  ['Canada', 'Ontario', 'Toronto', 'continental'], ['Brazil', 'São Paulo', 'São Paulo', 'tropical'],
  ['Japan', 'Kantō', 'Tokyo', 'temperate'], ['Australia', 'New South Wales', 'Sydney', 'temperate'],
];

const LIKERT_ITEMS = [
  'lifestyle_outdoors', 'lifestyle_tech', 'lifestyle_health', 'lifestyle_social',
  'values_sustainability', 'values_tradition', 'values_status',
  'interest_travel', 'interest_cooking', 'interest_fashion', 'interest_sports',
  'need_price', 'need_convenience', 'need_quality',
] as const;
type LikertItem = (typeof LIKERT_ITEMS)[number];

interface Persona {
  rows: number;
  story: string;
  age: [number, number];
  female: number;
  income: number;
  education: Weights<'secondary' | 'vocational' | 'bachelor' | 'master' | 'doctorate'>;
  occupation: Weights<'student' | 'professional' | 'manager' | 'skilled_trade' | 'service' | 'retired' | 'homemaker' | 'self_employed'>;
  married: number;
  household: number;
  urbanicity: Weights<'urban' | 'suburban' | 'rural'>;
  /** Mean answer per survey item; items not listed average 3. */
  items: Partial<Record<LikertItem, number>>;
  device: Weights<'mobile' | 'desktop' | 'tablet'>;
  os: Weights<'iOS' | 'Android' | 'Windows' | 'macOS' | 'Linux'>;
  app: number;
  sessions: number;
  emailOpens: number;
  /** Mean days since the last login. */
  lastLogin: number;
  spend: number;
}

export const B2C_SEGMENTS = ['eco_urbanites', 'budget_families', 'tech_early_adopters', 'traditional_seniors', 'active_adventurers', 'busy_professionals'] as const;
type B2cSegment = (typeof B2C_SEGMENTS)[number];

const PERSONAS: Record<B2cSegment, Persona> = {
  eco_urbanites: {
    rows: 300, story: 'young city dwellers who pay for sustainable, high-quality products',
    age: [24, 40], female: 0.6, income: 52000,
    education: [['bachelor', 5], ['master', 4], ['secondary', 1]], occupation: [['professional', 6], ['student', 2], ['self_employed', 2]],
    married: 0.3, household: 1.8, urbanicity: [['urban', 8], ['suburban', 2]],
    items: { values_sustainability: 4.6, need_quality: 4.3, need_price: 2.2, lifestyle_health: 4.1, interest_cooking: 3.8, values_status: 2.3 },
    device: [['mobile', 7], ['desktop', 2], ['tablet', 1]], os: [['iOS', 6], ['Android', 3], ['macOS', 1]], app: 0.7,
    sessions: 18, emailOpens: 6, lastLogin: 6, spend: 1400,
  },
  budget_families: {
    rows: 360, story: 'suburban families with several children who hunt for the best price',
    age: [30, 50], female: 0.55, income: 41000,
    education: [['secondary', 4], ['vocational', 4], ['bachelor', 2]], occupation: [['service', 4], ['skilled_trade', 3], ['homemaker', 2], ['professional', 1]],
    married: 0.85, household: 4.2, urbanicity: [['suburban', 6], ['rural', 3], ['urban', 1]],
    items: { need_price: 4.7, need_convenience: 3.6, need_quality: 2.6, values_status: 1.9, interest_cooking: 3.7, values_tradition: 3.4 },
    device: [['mobile', 6], ['desktop', 3], ['tablet', 1]], os: [['Android', 7], ['Windows', 2], ['iOS', 1]], app: 0.4,
    sessions: 9, emailOpens: 11, lastLogin: 12, spend: 900,
  },
  tech_early_adopters: {
    rows: 240, story: 'young, mostly male enthusiasts who try every new gadget and live in the app',
    age: [19, 35], female: 0.25, income: 58000,
    education: [['bachelor', 5], ['master', 3], ['vocational', 2]], occupation: [['professional', 6], ['student', 3], ['self_employed', 1]],
    married: 0.25, household: 1.7, urbanicity: [['urban', 7], ['suburban', 3]],
    items: { lifestyle_tech: 4.8, values_status: 3.9, interest_fashion: 3.4, values_tradition: 1.8, lifestyle_outdoors: 2.2 },
    device: [['mobile', 5], ['desktop', 5]], os: [['Android', 4], ['Linux', 2], ['macOS', 2], ['iOS', 2]], app: 0.8,
    sessions: 34, emailOpens: 4, lastLogin: 2, spend: 1700,
  },
  traditional_seniors: {
    rows: 300, story: 'retired customers outside the big cities who value tradition and read every email',
    age: [62, 84], female: 0.55, income: 30000,
    education: [['secondary', 6], ['vocational', 3], ['bachelor', 1]], occupation: [['retired', 9], ['self_employed', 1]],
    married: 0.6, household: 1.9, urbanicity: [['rural', 5], ['suburban', 4], ['urban', 1]],
    items: { values_tradition: 4.6, lifestyle_tech: 1.6, need_quality: 3.9, interest_cooking: 3.9, interest_fashion: 1.8, lifestyle_social: 3.5 },
    device: [['desktop', 6], ['tablet', 3], ['mobile', 1]], os: [['Windows', 7], ['iOS', 2], ['Android', 1]], app: 0.1,
    sessions: 4, emailOpens: 14, lastLogin: 25, spend: 700,
  },
  active_adventurers: {
    rows: 330, story: 'outdoor and sports lovers who travel often and want gear that is convenient and lasts',
    age: [25, 48], female: 0.45, income: 49000,
    education: [['bachelor', 5], ['vocational', 3], ['master', 2]], occupation: [['professional', 4], ['skilled_trade', 3], ['self_employed', 3]],
    married: 0.45, household: 2.4, urbanicity: [['suburban', 4], ['rural', 3], ['urban', 3]],
    items: { lifestyle_outdoors: 4.7, interest_sports: 4.6, interest_travel: 4.4, lifestyle_health: 4.0, need_convenience: 3.8, need_quality: 3.8 },
    device: [['mobile', 8], ['desktop', 1], ['tablet', 1]], os: [['Android', 5], ['iOS', 5]], app: 0.65,
    sessions: 14, emailOpens: 7, lastLogin: 8, spend: 1200,
  },
  busy_professionals: {
    rows: 270, story: 'well-paid managers in the city for whom convenience beats price every time',
    age: [35, 58], female: 0.45, income: 96000,
    education: [['master', 5], ['bachelor', 4], ['doctorate', 1]], occupation: [['manager', 7], ['professional', 3]],
    married: 0.7, household: 2.8, urbanicity: [['urban', 7], ['suburban', 3]],
    items: { need_convenience: 4.8, need_price: 1.7, values_status: 4.1, interest_travel: 3.9, interest_fashion: 3.7, lifestyle_social: 2.6 },
    device: [['mobile', 5], ['desktop', 4], ['tablet', 1]], os: [['iOS', 5], ['macOS', 4], ['Windows', 1]], app: 0.6,
    sessions: 11, emailOpens: 3, lastLogin: 5, spend: 2600,
  },
};

const COLUMNS: readonly (readonly [string, string, string])[] = [
  ['customer_id', 'integer', 'Customer number, 50001 upwards.'],
  ['age', 'integer', 'Age in years.'],
  ['gender', 'text', '`female`, `male`, or `other`.'],
  ['income', 'integer', 'Yearly household income in euros, rounded to 100.'],
  ['education', 'text', 'Highest level: `secondary`, `vocational`, `bachelor`, `master`, `doctorate`.'],
  ['occupation', 'text', 'e.g. `professional`, `manager`, `retired`, `student`.'],
  ['marital_status', 'text', '`single`, `married` or `partnered`.'],
  ['household_size', 'integer', 'People in the household.'],
  ['country', 'text', 'One of 14 countries on five continents.'],
  ['region', 'text', 'State or region within the country.'],
  ['city', 'text', 'Nearest large city.'],
  ['climate', 'text', 'Climate of the region: `oceanic`, `continental`, `mediterranean`, `nordic`, `temperate`, `tropical`.'],
  ['urbanicity', 'text', '`urban`, `suburban` or `rural`.'],
  ...LIKERT_ITEMS.map((item): [string, string, string] => [item, 'integer 1-5', `Survey answer (1 = strongly disagree, 5 = strongly agree): ${item.replace('_', ' ').replace('_', ' ')}.`]),
  ['device', 'text', 'Main device: `mobile`, `desktop` or `tablet`.'],
  ['os', 'text', 'Operating system of that device.'],
  ['channel', 'text', 'Uses the `app` or the `web` site most.'],
  ['sessions_30d', 'integer', 'Sessions in the last 30 days.'],
  ['email_opens_30d', 'integer', 'Marketing emails opened in the last 30 days.'],
  ['last_login', 'date', 'Day of the last login (up to 2024-12-31).'],
  ['annual_spend', 'integer', 'Spend over the last 12 months in euros.'],
  ['segment_truth', 'text', `The planted persona: ${B2C_SEGMENTS.map((s) => `\`${s}\``).join(', ')}.`],
];

function customer(rng: Rng, id: number, segment: B2cSegment): (string | number)[] {
  const p = PERSONAS[segment];
  const [country, region, city, climate] = PLACES[rng.int(0, PLACES.length - 1)];
  const gender = rng.chance(0.02) ? 'other' : rng.chance(p.female) ? 'female' : 'male';
  const married = rng.chance(p.married);
  const marital = married ? (rng.chance(0.8) ? 'married' : 'partnered') : 'single';
  const items = LIKERT_ITEMS.map((item) => likert(rng, p.items[item] ?? 3));
  const app = rng.chance(p.app) ? 'app' : 'web';
  const lastLogin = AS_OF - Math.min(365, count(rng, p.lastLogin, p.lastLogin * 0.8));
  return [
    id, rng.int(p.age[0], p.age[1]), gender, Math.max(9000, Math.round(around(rng, p.income, p.income * 0.35) / 100) * 100),
    rng.weighted(p.education), rng.weighted(p.occupation), marital, Math.max(1, count(rng, p.household, 1.2)),
    country, region, city, climate, rng.weighted(p.urbanicity), ...items,
    rng.weighted(p.device), rng.weighted(p.os), app, count(rng, p.sessions, p.sessions * 0.6), count(rng, p.emailOpens, p.emailOpens * 0.6),
    formatDate(lastLogin), Math.max(0, count(rng, p.spend, p.spend * 0.5)), segment,
  ];
}

/** The B2C customers file and its README section. Pure: writes nothing. */
export function generateB2c(): { files: Record<string, string>; readme: string } {
  const order = new Rng(SEED).shuffle(B2C_SEGMENTS.flatMap((s) => Array.from({ length: PERSONAS[s].rows }, () => s)));
  const rows = order.map((segment, i) => customer(new Rng(streamSeed(SEED, i + 1)), 50001 + i, segment));
  const readme = `## B2C customers

\`${B2C_FILE}\` (table \`b2c_customers\`): ${rows.length} consumers, one row each, with demographics, geography,
psychographic and needs survey items (1-5 Likert answers), technographics and engagement. Each was
drawn from one of six planted personas, recorded in \`segment_truth\`:

${B2C_SEGMENTS.map((s) => `- \`${s}\`: ${PERSONAS[s].story}.`).join('\n')}

${segmentCounts(order, B2C_SEGMENTS)}

Geography is drawn independently of the persona except for urbanicity, so a geographic segmentation
finds climate and region groups that do not line up with the personas: a lesson in choosing the
basis of a segmentation.

${columnTable(COLUMNS)}
`;
  return { files: { [B2C_FILE]: csv(COLUMNS.map(([name]) => name), rows) }, readme };
}
