/**
 * World regions for the geographic rule template: the ~60 countries customer data most often
 * names, with the spellings seen in real exports (UK, USA, EIRE, RSA, ...). Names hold no commas,
 * because a rule's "in" list is comma-separated.
 */
export const COUNTRY_REGIONS: Readonly<Record<string, readonly string[]>> = {
  Europe: [
    'United Kingdom', 'UK', 'U.K.', 'Great Britain', 'Britain', 'England', 'Scotland', 'Wales', 'Northern Ireland', 'Channel Islands',
    'Ireland', 'Republic of Ireland', 'EIRE', 'Germany', 'France', 'Netherlands', 'The Netherlands', 'Holland', 'Belgium', 'Luxembourg',
    'Switzerland', 'Austria', 'Italy', 'Spain', 'Portugal', 'Greece', 'Cyprus', 'Malta', 'Denmark', 'Sweden', 'Norway', 'Finland',
    'Iceland', 'Poland', 'Czech Republic', 'Czechia', 'Slovakia', 'Hungary', 'Romania', 'Bulgaria', 'Croatia', 'Slovenia', 'Serbia',
    'Lithuania', 'Latvia', 'Estonia', 'Ukraine', 'Russia', 'Russian Federation', 'Turkey', 'Türkiye', 'European Community',
  ],
  'North America': [
    'United States', 'United States of America', 'USA', 'US', 'U.S.', 'U.S.A.', 'America', 'Canada',
  ],
  'Latin America': [
    'Mexico', 'Brazil', 'Argentina', 'Chile', 'Colombia', 'Peru', 'Venezuela', 'Ecuador', 'Uruguay', 'Costa Rica', 'Panama',
    'Dominican Republic', 'Puerto Rico',
  ],
  'Asia-Pacific': [
    'China', "People's Republic of China", 'Japan', 'South Korea', 'Korea', 'Taiwan', 'Hong Kong', 'Singapore', 'Malaysia', 'Thailand',
    'Vietnam', 'Viet Nam', 'Indonesia', 'Philippines', 'India', 'Pakistan', 'Bangladesh', 'Sri Lanka', 'Australia', 'New Zealand',
  ],
  'Middle East and Africa': [
    'Israel', 'United Arab Emirates', 'UAE', 'Saudi Arabia', 'Qatar', 'Kuwait', 'Bahrain', 'Oman', 'Lebanon', 'Jordan', 'Iran', 'Iraq',
    'Egypt', 'Morocco', 'Algeria', 'Tunisia', 'Nigeria', 'Kenya', 'Ghana', 'Ethiopia', 'South Africa', 'RSA',
  ],
};

/** The region of a country name as written in data, or null when the table does not know it. */
export function regionOf(country: string): string | null {
  const wanted = country.trim().toLowerCase();
  for (const [region, countries] of Object.entries(COUNTRY_REGIONS)) {
    if (countries.some((c) => c.toLowerCase() === wanted)) return region;
  }
  return null;
}
