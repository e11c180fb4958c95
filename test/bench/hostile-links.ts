// How long a hostile share link takes to be refused: a 10 MB link (refused by its length) and a
// gzip bomb (refused once it unpacks past the limit). Tests check that each is refused; this times it.
import { MAX_JSON_BYTES, decodeShareHash, packShareHash } from '../../src/engine/share-link.ts';

async function refusalMs(hash: string): Promise<number> {
  const t0 = performance.now();
  try {
    await decodeShareHash(hash);
  } catch {
    return performance.now() - t0;
  }
  throw new Error('a hostile link was opened');
}

export async function hostileLinkLines(): Promise<string[]> {
  const long = '#wb=1.' + 'A'.repeat(10 * 1024 * 1024);
  const bomb = await packShareHash(`{"format":"segbook-workbook","version":1,"title":"${' '.repeat(MAX_JSON_BYTES * 4)}"}`, 1);
  const longMs = await refusalMs(long);
  const bombMs = await refusalMs(bomb);
  return [
    `Hostile links refused: a 10 MB link in ${longMs.toFixed(1)} ms; a ${Math.round(bomb.length / 1024)} KB gzip bomb in ${bombMs.toFixed(1)} ms.`,
  ];
}
