// The sample datasets the app can offer. Imported by the browser app and by Node scripts alike,
// so this file must stay free of DOM and Node imports. The files themselves are produced by
// sample-data/generate.ts (see sample-data/README.md).

export interface SampleDataset {
  /** Stable identifier, used in URLs and saved workbooks. */
  readonly id: string;
  /** File name inside sample-data/. */
  readonly file: string;
  /** Table name the dataset is loaded as. */
  readonly table: string;
  readonly title: string;
  readonly description: string;
  /** Loaded by "Open sample data"; the others are loaded by the example workbooks that use them. */
  readonly starter: boolean;
}

export const SAMPLE_DATASETS = [
  {
    id: 'retail-customers',
    file: 'retail-customers.csv',
    table: 'retail_customers',
    title: 'Retail customers',
    starter: true,
    description:
      'Synthetic customers of an online and high-street retailer: signup date, location, age, gender, income, ' +
      'preferred channel, email opt-in, and the planted ground-truth segment (segment_truth) to check a segmentation against.',
  },
  {
    id: 'retail-transactions',
    file: 'retail-transactions.csv',
    table: 'retail_transactions',
    title: 'Retail transactions',
    starter: true,
    description:
      'Two years (2023-2024) of order lines for the retail customers: invoice, customer, timestamp, product category, ' +
      'quantity, unit price and channel. Cancellations have negative quantities and invoice ids starting with "C". ' +
      'Join to retail_customers on customer_id.',
  },
  {
    id: 'b2c-customers',
    file: 'b2c-customers.csv',
    table: 'b2c_customers',
    title: 'B2C customers',
    starter: false,
    description:
      'Consumers with demographics, geography (country, region, city, climate, urbanicity), psychographic and needs ' +
      'survey items on a 1-5 scale, technographics (device, OS, app or web) and engagement (sessions, email opens, last login), ' +
      'drawn from six planted personas (segment_truth).',
  },
  {
    id: 'b2b-accounts',
    file: 'b2b-accounts.csv',
    table: 'b2b_accounts',
    title: 'B2B accounts',
    starter: false,
    description:
      'Business accounts of a software vendor: industry, employees, revenue, region, plan, seats, product usage, ' +
      'support tickets and NPS, drawn from five planted account segments (segment_truth).',
  },
  {
    id: 'saas-users',
    file: 'saas-users.csv',
    table: 'saas_users',
    title: 'SaaS users',
    starter: false,
    description: 'Users of a subscription product: signup date, plan, country, acquisition channel, churned flag and planted segment.',
  },
  {
    id: 'saas-events',
    file: 'saas-events.csv',
    table: 'saas_events',
    title: 'SaaS events',
    starter: false,
    description: 'A year of product events (login, projects, invites, exports, integrations, support tickets, upgrades, cancels) of the SaaS users.',
  },
] as const satisfies readonly SampleDataset[];

export type SampleDatasetId = (typeof SAMPLE_DATASETS)[number]['id'];
