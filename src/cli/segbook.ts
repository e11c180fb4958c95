import { HELP, parseArgs } from './args.ts';
import { RunnerError } from './runner-error.ts';
import { runWorkbook } from './run-workbook.ts';
import { SQL_HELP, SQL_USAGE, runSqlCommand } from './sql-command.ts';
import { summaryLines } from './summary.ts';

/** At most one progress line per this many milliseconds, so a long k-means does not flood stderr. */
const PROGRESS_EVERY_MS = 1000;

function progressPrinter(): (message: string, kind: 'step' | 'update') => void {
  let last = -Infinity;
  return (message, kind) => {
    const now = performance.now();
    if (kind === 'update' && now - last < PROGRESS_EVERY_MS) return;
    last = now;
    process.stderr.write(`segbook: ${message}\n`);
  };
}

try {
  const argv = process.argv.slice(2);
  const command = argv[0] === 'sql' ? null : parseArgs(argv);
  if (command === null) await runSqlCommand(argv.slice(1));
  else if (command.command === 'help') console.log(`${HELP}\n\nThe sql command:\n${SQL_USAGE}\n${SQL_HELP}`);
  else {
    const report = await runWorkbook({ ...command.options, onProgress: progressPrinter() });
    for (const line of summaryLines(report)) console.log(line);
    if (report.sources.some((s) => s.error)) {
      console.error('segbook: a data file could not be read; see run.json');
      process.exitCode = 2;
    } else if (!report.ok) {
      console.error('segbook: the workbook did not run cleanly; see run.json');
      process.exitCode = 1;
    }
  }
} catch (e) {
  console.error(`segbook: ${e instanceof Error ? e.message : e}`);
  process.exitCode = e instanceof RunnerError ? 2 : 1;
}
