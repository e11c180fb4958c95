// `npx tsx test/bench/kernels/cold-start.ts <dist> [rounds]`: navigation to the first query's
// answer in a fresh Chromium context (empty cache), as test/bench/app-pipeline.ts times it, and
// the gzip size of the JS the page loads before that answer.
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startStaticServer } from '../../e2e/static-server.ts';

const dist = process.argv[2];
const rounds = Number(process.argv[3] ?? 7);
const workbook = join(tmpdir(), 'segbook-first-query.segbook.json');
writeFileSync(workbook, JSON.stringify({
  format: 'segbook-workbook', version: 1, title: 'first query', sources: [], cells: [{ id: 'c1', kind: 'sql', name: 'answer', sql: 'SELECT 42 AS answer' }],
}));
const server = await startStaticServer(dist);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
});
const times: number[] = [];
let scripts: string[] = [];
try {
  for (let r = 0; r < rounds; r++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const loaded: string[] = [];
    page.on('request', (q) => q.resourceType() === 'script' && q.url().startsWith(server.url) && loaded.push(new URL(q.url()).pathname));
    await page.goto(server.url);
    await page.setInputFiles('#open-workbook-input', workbook);
    await page.getByRole('button', { name: 'Run all' }).click();
    const handle = await page.waitForFunction(() => document.querySelector('[data-status=done]') && performance.now(), null, { polling: 'raf', timeout: 60_000 });
    times.push(Number(await handle.jsonValue()));
    scripts = loaded;
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
const sorted = [...times].sort((a, b) => a - b);
console.log(`cold start to first query: median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`);
let raw = 0;
let gz = 0;
for (const path of new Set(scripts)) {
  const bytes = await readFile(join(dist, path));
  raw += bytes.length;
  gz += gzipSync(bytes, { level: 9 }).length;
  console.log(`  ${path}: ${(bytes.length / 1024).toFixed(1)} KB, ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1)} KB gzip`);
}
console.log(`page scripts before the answer: ${(raw / 1024).toFixed(1)} KB, ${(gz / 1024).toFixed(1)} KB gzip`);
