import { fileURLToPath } from 'node:url';
import { RunnerError, runWorkbook, type RunOptions } from './run-workbook.ts';

const USAGE = `usage: npm run segbook -- run WORKBOOK.json --data NAME=PATH [--data NAME=PATH ...] --out DIR [--format parquet|csv]`;

function parseArgs(argv: string[]): RunOptions {
  const [command, workbookPath, ...rest] = argv;
  if (command !== 'run' || !workbookPath) throw new RunnerError(USAGE);
  const options: RunOptions = {
    workbookPath, data: {}, outDir: '', format: 'parquet',
    sampleDir: fileURLToPath(new URL('../../sample-data/', import.meta.url)),
  };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const value = rest[++i];
    if (value === undefined) throw new RunnerError(`${flag} needs a value\n${USAGE}`);
    if (flag === '--data') {
      const eq = value.indexOf('=');
      if (eq < 1) throw new RunnerError(`--data expects NAME=PATH, got ${value}`);
      options.data[value.slice(0, eq)] = value.slice(eq + 1);
    } else if (flag === '--out') options.outDir = value;
    else if (flag === '--format') {
      if (value !== 'csv' && value !== 'parquet') throw new RunnerError(`--format must be parquet or csv, got ${value}`);
      options.format = value;
    } else throw new RunnerError(`unknown option ${flag}\n${USAGE}`);
  }
  if (!options.outDir) throw new RunnerError(`--out DIR is required\n${USAGE}`);
  return options;
}

try {
  const report = await runWorkbook(parseArgs(process.argv.slice(2)));
  for (const s of report.sources) {
    console.log(s.error ? `✗ source ${s.name}: ${s.error}` : `✓ source ${s.name}: ${s.rowCount} rows`);
  }
  for (const c of report.cells) {
    console.log(c.status === 'done' ? `✓ ${c.name}: ${c.rowCount} rows in ${c.durationMs} ms → ${c.outputs.join(', ')}` : `✗ ${c.name}: ${c.status}: ${c.error}`);
    for (const note of c.notes) console.log(`    ${note}`);
  }
  if (!report.ok) {
    console.error('segbook: the workbook did not run cleanly; see run.json');
    process.exitCode = 1;
  }
} catch (e) {
  console.error(`segbook: ${e instanceof Error ? e.message : e}`);
  process.exitCode = e instanceof RunnerError ? 2 : 1;
}
