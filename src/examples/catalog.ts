import { firmographic, engagementBased } from './business-examples.ts';
import { aPriori, demographic, geographic, needsBased, psychographic, technographic } from './consumer-examples.ts';
import { behavioural, endToEndKMeans, occasionBased, rfm, valueBased } from './retail-examples.ts';
import type { Example } from './build.ts';

export type { Example } from './build.ts';

/** The gallery, in the order a course usually meets the techniques. */
export const EXAMPLES: readonly Example[] = [
  demographic, geographic, behavioural, psychographic, firmographic, needsBased, valueBased, technographic,
  aPriori, engagementBased, occasionBased, rfm, endToEndKMeans,
];
