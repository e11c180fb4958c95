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
}

export const SAMPLE_DATASETS = [
  {
    id: 'retail-customers',
    file: 'retail-customers.csv',
    table: 'retail_customers',
    title: 'Retail customers',
    description:
      'Synthetic customers of an online and high-street retailer: signup date, location, age, gender, income, ' +
      'preferred channel, email opt-in, and the planted ground-truth segment (segment_truth) to check a segmentation against.',
  },
  {
    id: 'retail-transactions',
    file: 'retail-transactions.csv',
    table: 'retail_transactions',
    title: 'Retail transactions',
    description:
      'Two years (2023-2024) of order lines for the retail customers: invoice, customer, timestamp, product category, ' +
      'quantity, unit price and channel. Cancellations have negative quantities and invoice ids starting with "C". ' +
      'Join to retail_customers on customer_id.',
  },
] as const satisfies readonly SampleDataset[];

export type SampleDatasetId = (typeof SAMPLE_DATASETS)[number]['id'];
