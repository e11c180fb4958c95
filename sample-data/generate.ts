// Seeded, deterministic generator of every Segbook sample dataset.
//
//   npx tsx sample-data/generate.ts          writes the files into sample-data/
//   npx tsx sample-data/generate.ts --check  exits 1, listing files that differ from the committed ones
//
// Importing this module writes nothing: generateSampleData() is pure and returns the files' text.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { B2B_FILE, generateB2b } from './b2b.ts';
import { B2C_FILE, generateB2c } from './b2c.ts';
import { SAMPLE_DATASETS } from './catalog.ts';
import { RETAIL_FILES, generateRetail } from './retail.ts';
import { SAAS_EVENTS_FILE, SAAS_USERS_FILE, generateSaas } from './saas.ts';

export { CUSTOMER_COLUMNS, SEED, SEGMENTS, TRANSACTION_COLUMNS, formatDate, formatTimestamp, isSaleDay } from './retail.ts';

const README_FILE = 'README.md';

/** Every file the generator owns. */
export const GENERATED_FILES = [...RETAIL_FILES, B2C_FILE, B2B_FILE, SAAS_USERS_FILE, SAAS_EVENTS_FILE, README_FILE] as const;

function readme(files: Record<string, string>, sections: string[]): string {
  const rows = SAMPLE_DATASETS.map((d) => {
    const text = files[d.file];
    const lines = text.split('\n').length - 2;
    return `| \`${d.file}\` | \`${d.table}\` | ${lines} | ${(new TextEncoder().encode(text).length / 1024).toFixed(0)} KB |`;
  });
  return `# Sample data

Synthetic data for trying and teaching Segbook. Every value is made up by a seeded random generator;
no real person or company is behind it. Each dataset has planted ground-truth segments, recorded in
its \`segment_truth\` column, so a lesson can show a method recovering them.

This file is generated too (the numbers below are computed from the data). Edit the generator, not
this file.

| file | table | rows | size |
|---|---|---:|---:|
${rows.join('\n')}

All files are UTF-8 CSV with a header row, comma separators, \`\\n\` line endings, and quotes only
where a value needs them. "Open sample data" loads the two retail tables; the example workbooks
load the others they need.

${sections.join('\n')}
## Regenerating

\`sample-data/generate.ts\` writes every file: \`retail.ts\`, \`b2c.ts\`, \`b2b.ts\` and \`saas.ts\` each make
one dataset from a fixed seed. They use their own PRNG (mulberry32, one stream per customer or
account), integer arithmetic for days and cents, and no clock, locale or \`Math.random\`, so the same
code always gives byte-identical files.

\`\`\`sh
npx tsx sample-data/generate.ts          # rewrite the files in sample-data/
npx tsx sample-data/generate.ts --check  # exit 1 and list the files that differ from the generator's output
\`\`\`

\`test/sample-data.test.ts\` fails when the committed files are out of date. The app's list of
sample datasets is \`sample-data/catalog.ts\`.
`;
}

/** The generated files, by file name (relative to sample-data/). Pure: writes nothing. */
export function generateSampleData(): Record<string, string> {
  const parts = [generateRetail(), generateB2c(), generateB2b(), generateSaas()];
  const files: Record<string, string> = Object.assign({}, ...parts.map((p) => p.files));
  files[README_FILE] = readme(files, parts.map((p) => p.readme));
  return files;
}

function main(args: string[]): number {
  const dir = dirname(fileURLToPath(import.meta.url));
  const unknown = args.filter((a) => a !== '--check');
  if (unknown.length) {
    console.error(`Unknown argument ${unknown[0]}. Usage: npx tsx sample-data/generate.ts [--check]`);
    return 2;
  }
  const files = generateSampleData();
  if (args.includes('--check')) {
    const stale = Object.entries(files).flatMap(([name, text]) => {
      let current: Buffer | null = null;
      try {
        current = readFileSync(join(dir, name));
      } catch {
        return [`${name} (missing)`];
      }
      return current.equals(Buffer.from(text, 'utf8')) ? [] : [name];
    });
    if (stale.length) {
      console.error(`Sample data is out of date:\n${stale.map((s) => `  sample-data/${s}`).join('\n')}\nRun: npx tsx sample-data/generate.ts`);
      return 1;
    }
    console.log('Sample data is up to date.');
    return 0;
  }
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, name), text);
    console.log(`wrote sample-data/${name} (${Buffer.byteLength(text)} bytes)`);
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
