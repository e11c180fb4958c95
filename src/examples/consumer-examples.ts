import { ExampleBuilder, PITFALLS, features, type Example } from './build.ts';

const PROFILE_NUMERIC = ['age', 'income', 'household_size', 'sessions_30d', 'email_opens_30d', 'annual_spend'];

export const demographic: Example = {
  id: 'demographic',
  title: 'Demographic segmentation',
  summary: 'Age and income bands on B2C customers, then what each band buys and how it engages.',
  workbook: () =>
    new ExampleBuilder('demographic', 'Demographic segmentation', ['b2c_customers'])
      .note(`# Demographic segmentation

Groups customers by who they are: age, gender, income, education, household. It is the oldest
basis because the data is easy to get and the groups are easy to reach through media that sell
audiences the same way.

**When to use it.** When products differ by life stage or budget, or when the only data you have
is what a signup form asks. **Use case:** a bank designs its student, family and retirement
accounts.

Demographics often explain less behaviour than people expect: compare the spend and engagement
of the bands below before building a campaign on them.
${PITFALLS}`)
      .add('rules', {
        name: 'life_stages', input: 'b2c_customers', elseSegment: 'Other',
        segments: [
          { name: 'Young, lower income', match: 'all', conditions: [{ column: 'age', op: '<', value: '35' }, { column: 'income', op: '<', value: '45000' }] },
          { name: 'Young, higher income', match: 'all', conditions: [{ column: 'age', op: '<', value: '35' }] },
          { name: 'Mid-life families', match: 'all', conditions: [{ column: 'age', op: 'between', value: '35', value2: '59' }, { column: 'household_size', op: '>=', value: '3' }] },
          { name: 'Mid-life, small households', match: 'all', conditions: [{ column: 'age', op: 'between', value: '35', value2: '59' }] },
          { name: 'Seniors', match: 'all', conditions: [{ column: 'age', op: '>=', value: '60' }] },
        ],
      })
      .add('profile', {
        name: 'life_stage_profile', input: 'life_stages', segmentColumn: 'segment', numeric: PROFILE_NUMERIC,
        categorical: ['education', 'marital_status', 'channel'], valueColumn: 'annual_spend',
      })
      .workbook,
};

export const geographic: Example = {
  id: 'geographic',
  title: 'Geographic segmentation',
  summary: 'Countries grouped into world regions, with climate and urban or rural living.',
  workbook: () =>
    new ExampleBuilder('geographic', 'Geographic segmentation', ['b2c_customers'])
      .note(`# Geographic segmentation

Groups customers by where they are: country, region, city size, climate, urban or rural. Place
decides delivery, language, law, seasons and often price.

**When to use it.** For market entry, store and warehouse planning, regional pricing and anything
seasonal. **Use case:** a fashion retailer times its winter range by climate zone rather than
by calendar.

In this data the personas were drawn independently of place, so the regions differ little in
what they want: geography is a basis for logistics here, not for messaging.
${PITFALLS}`)
      .add('rules', {
        name: 'world_regions', input: 'b2c_customers', elseSegment: 'Rest of world',
        segments: [
          { name: 'Europe', match: 'all', conditions: [{ column: 'country', op: 'in', value: 'United Kingdom, Germany, France, Spain, Italy, Sweden, Norway, Poland, Netherlands' }] },
          { name: 'North America', match: 'all', conditions: [{ column: 'country', op: 'in', value: 'United States, Canada' }] },
          { name: 'Asia-Pacific', match: 'all', conditions: [{ column: 'country', op: 'in', value: 'Japan, Australia' }] },
        ],
      })
      .sql('region_climate', `
SELECT segment AS world_region, climate, urbanicity, count(*) AS customers, round(avg(annual_spend)) AS mean_spend
FROM world_regions
GROUP BY ALL
ORDER BY world_region, climate, urbanicity`)
      .add('chart', { input: 'region_climate', mark: 'bar', x: 'world_region', y: 'customers', color: 'urbanicity', facet: null, title: 'Customers by world region and urbanicity' })
      .add('profile', {
        name: 'region_profile', input: 'world_regions', segmentColumn: 'segment', numeric: ['annual_spend', 'sessions_30d', 'age'],
        categorical: ['climate', 'urbanicity'], valueColumn: 'annual_spend',
      })
      .workbook,
};

export const psychographic: Example = {
  id: 'psychographic',
  title: 'Psychographic segmentation',
  summary: 'k-means on lifestyle, values and interest survey items, with a perceptual map of the segments.',
  workbook: () => {
    const items = ['lifestyle_outdoors', 'lifestyle_tech', 'lifestyle_health', 'lifestyle_social', 'values_sustainability', 'values_tradition', 'values_status', 'interest_travel', 'interest_cooking', 'interest_fashion', 'interest_sports'];
    return new ExampleBuilder('psychographic', 'Psychographic segmentation', ['b2c_customers'])
      .note(`# Psychographic segmentation

Groups customers by how they live and what they value: lifestyle, attitudes, interests, opinions,
usually measured with survey items on a 1-5 scale. Two people of the same age and income can
want opposite things; psychographics tell them apart.

**When to use it.** For brand positioning, creative and product design, when you can survey a
sample of customers. **Use case:** an outdoor brand finds an "eco-urbanite" segment that buys
for sustainability, not for mountains.

The perceptual map at the end places each segment by its average answers, so a class can
discuss where each one stands and which spaces are empty.
${PITFALLS}`)
      .add('cluster', { name: 'lifestyles', input: 'b2c_customers', features: features(items), k: 6, seed: 7 })
      .add('validate', { name: 'lifestyle_check', input: 'lifestyles', features: features(items), valueColumn: 'annual_spend' })
      .add('profile', {
        name: 'lifestyle_personas', input: 'lifestyles', segmentColumn: 'segment', numeric: [...items, 'annual_spend'],
        categorical: ['urbanicity'], valueColumn: 'annual_spend', attributes: items,
      })
      .workbook;
  },
};

export const needsBased: Example = {
  id: 'needs-based',
  title: 'Needs-based segmentation',
  summary: 'Clusters on what customers need most: low price, convenience or quality.',
  workbook: () => {
    const needs = ['need_price', 'need_convenience', 'need_quality'];
    return new ExampleBuilder('needs-based', 'Needs-based segmentation', ['b2c_customers'])
      .note(`# Needs-based segmentation

Groups customers by the need a product must meet for them: the lowest price, the least effort,
the best quality. It answers "what should we offer each group?" directly, which is why product
and pricing teams like it.

**When to use it.** When designing offers, bundles or service levels. **Use case:** a grocer
builds a discount range for price-driven families and a delivery subscription for time-poor
professionals.

Three survey items make a small space: look at the sweep before trusting a k. Here most of its
metrics point to three segments, one per need; expect needs to overlap all the same (someone can
want quality *and* convenience).
${PITFALLS}`)
      .add('cluster', { name: 'needs', input: 'b2c_customers', features: features(needs), k: 3, seed: 11 })
      .add('profile', {
        name: 'needs_personas', input: 'needs', segmentColumn: 'segment', numeric: [...needs, 'income', 'annual_spend'],
        categorical: ['occupation'], valueColumn: 'annual_spend', attributes: needs,
      })
      .workbook;
  },
};

export const technographic: Example = {
  id: 'technographic',
  title: 'Technographic segmentation',
  summary: 'Devices, operating systems and app use, combined with how often customers visit.',
  workbook: () =>
    new ExampleBuilder('technographic', 'Technographic segmentation', ['b2c_customers'])
      .note(`# Technographic segmentation

Groups customers by the technology they use: device, operating system, app or web, and how
intensely. It decides where to build features first and which channel reaches whom.

**When to use it.** For digital product roadmaps, app-install campaigns and support planning.
**Use case:** a retailer learns its iOS app users visit three times as often and moves its
loyalty programme into the app.

Categorical columns are one-hot encoded for k-means here; with few categories, a simple rule
(as in the a-priori example) is often just as clear.
${PITFALLS}`)
      .add('cluster', {
        name: 'tech_users', input: 'b2c_customers', k: 4, seed: 5,
        features: features(['sessions_30d', 'email_opens_30d'], ['sessions_30d'], ['device', 'os', 'channel']),
      })
      .add('profile', {
        name: 'tech_personas', input: 'tech_users', segmentColumn: 'segment', numeric: ['sessions_30d', 'email_opens_30d', 'annual_spend', 'age'],
        categorical: ['device', 'os', 'channel'], valueColumn: 'annual_spend',
      })
      .workbook,
};

export const aPriori: Example = {
  id: 'a-priori',
  title: 'A priori segmentation',
  summary: 'Segments decided before looking at the data (students, families, retirees), then checked.',
  workbook: () =>
    new ExampleBuilder('a-priori', 'A priori segmentation', ['b2c_customers'])
      .note(`# A priori segmentation

The segments are chosen before the analysis, from experience or strategy (students, young
families, retirees), and the data only sorts customers into them. The opposite is *post hoc*
segmentation, where a method such as clustering finds the groups.

**When to use it.** When the business already acts on known groups, or to test whether a
familiar split still holds. **Use case:** a telecom keeps its student and senior tariffs and
checks each year that the groups still differ in use.

The validation cell below asks the honest question: do these groups differ on the features that
matter, or only on the rule that made them?
${PITFALLS}`)
      .add('rules', {
        name: 'planned_segments', input: 'b2c_customers', elseSegment: 'Everyone else',
        segments: [
          { name: 'Students', match: 'all', conditions: [{ column: 'occupation', op: '=', value: 'student' }] },
          { name: 'Retirees', match: 'any', conditions: [{ column: 'occupation', op: '=', value: 'retired' }, { column: 'age', op: '>=', value: '67' }] },
          { name: 'Families', match: 'all', conditions: [{ column: 'household_size', op: '>=', value: '3' }] },
        ],
      })
      .add('validate', {
        name: 'planned_check', input: 'planned_segments', features: features(['annual_spend', 'sessions_30d', 'need_price', 'need_quality']),
        valueColumn: 'annual_spend',
      })
      .add('profile', {
        name: 'planned_personas', input: 'planned_segments', segmentColumn: 'segment', numeric: ['age', 'income', 'annual_spend', 'sessions_30d', 'need_price'],
        categorical: ['channel'], valueColumn: 'annual_spend',
      })
      .workbook,
};
