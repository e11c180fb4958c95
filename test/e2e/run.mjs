// Entry point of `npm run test:e2e`: the browser tests against the built app.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  console.error(
    `The end-to-end tests need Chromium at ${CHROMIUM}, and it is not there.\n` +
      'Install it (on Debian: apt-get install chromium) and run npm run test:e2e again.',
  );
  process.exit(1);
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const result = spawnSync('npx', ['vitest', 'run', '--config', 'test/e2e/vitest.config.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
if (result.error) {
  console.error(result.error.message);
  process.exit(1);
}
process.exit(result.status ?? 1);
