// `npm test`: installs what the tests need when it is missing (npm packages, Debian's Chromium),
// then runs the Node suites and the browser suite, and prints one closing count.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  return result.status ?? 1;
}

if (!existsSync('node_modules/.package-lock.json')) {
  console.log('Installing npm packages…');
  // npm ci refuses a lockfile without the other platforms' optional DuckDB bindings, which some
  // registries do not serve; npm install then resolves from the same lockfile and skips them.
  const ok = run('npm', ['ci', '--no-audit', '--no-fund']) === 0 || run('npm', ['install', '--no-audit', '--no-fund']) === 0;
  if (!ok) process.exit(1);
}

// Debian packages the tests need: Chromium for the browser tests, PostgreSQL 15 for the SQL that
// scores where the data lives (test/engine/score-sql.test.ts, test/cli/sql-command.test.ts).
const debian = [
  { file: '/usr/bin/chromium', name: 'chromium', what: 'The browser tests need Chromium' },
  { file: '/usr/lib/postgresql/15/bin/pg_ctl', name: 'postgresql-15', what: 'The SQL export tests need PostgreSQL 15' },
].filter((p) => !existsSync(p.file));
if (debian.length) {
  const isRoot = process.getuid?.() === 0;
  console.log(`Installing Debian's ${debian.map((p) => p.name).join(' and ')} for the tests…`);
  const sudo = isRoot ? [] : ['sudo'];
  const ok =
    run(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(isRoot ? [] : ['apt-get']), 'update', '-qq']) === 0 &&
    run(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(isRoot ? [] : ['apt-get']), 'install', '-y', '-qq', ...debian.map((p) => p.name)], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }) === 0;
  const still = debian.filter((p) => !existsSync(p.file));
  if (!ok || still.length) {
    for (const p of still.length ? still : debian) console.error(`${p.what} at ${p.file}: install it with \`apt-get install -y ${p.name}\`.`);
    process.exit(1);
  }
}

const reports = mkdtempSync(join(tmpdir(), 'segbook-tests-'));
const suites = [
  { name: 'Node', args: ['vitest', 'run'] },
  { name: 'browser', args: ['vitest', 'run', '--config', 'test/e2e/vitest.config.ts'] },
];
let passed = 0;
let failed = 0;
let status = 0;
for (const suite of suites) {
  const out = join(reports, `${suite.name}.json`);
  console.log(`\n— ${suite.name} tests —`);
  const code = run('npx', [...suite.args, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  if (code !== 0) status = code;
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
  } else {
    failed += 1;
  }
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(status || (failed > 0 ? 1 : 0));
