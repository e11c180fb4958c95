/**
 * Spreads nested objects into columns named parent_child, level by level, so that
 * {"address": {"city": "Oslo"}} gives a column address_city. A key is spread only when every
 * value it has is an object; arrays and keys that mix objects with other values stay whole and
 * become JSON text.
 */
export function flattenRecords(records: Record<string, unknown>[]): { records: Record<string, unknown>[]; notes: string[] } {
  const spread: string[] = [];
  let current = records;
  // Each pass opens one level; ten levels deep is far past any real export.
  for (let depth = 0; depth < 10; depth++) {
    const keys = objectKeys(current);
    if (!keys.size) break;
    if (depth === 0) spread.push(...keys);
    current = current.map((r) => spreadKeys(r, keys));
  }
  const columns = spread.length ? Object.keys(Object.assign({}, ...current.slice(0, 100))).filter((k) => spread.some((p) => k.startsWith(`${p}_`))) : [];
  const notes = spread.length
    ? [`Nested objects in ${spread.map((k) => `"${k}"`).join(', ')} were spread into columns named parent_child: ${columns.slice(0, 6).join(', ')}${columns.length > 6 ? ', …' : ''}.`]
    : [];
  return { records: current, notes };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Keys whose every non-null value, in every record, is an object. */
function objectKeys(records: Record<string, unknown>[]): Set<string> {
  const objects = new Set<string>();
  const others = new Set<string>();
  for (const r of records) {
    for (const [k, v] of Object.entries(r)) {
      if (v === null || v === undefined) continue;
      (isPlainObject(v) ? objects : others).add(k);
    }
  }
  for (const k of others) objects.delete(k);
  return objects;
}

function spreadKeys(record: Record<string, unknown>, keys: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (!keys.has(k)) {
      out[k] = v;
      continue;
    }
    if (!isPlainObject(v)) continue;
    for (const [child, value] of Object.entries(v)) {
      let name = `${k}_${child}`;
      for (let i = 2; name in record || name in out; i++) name = `${k}_${child}_${i}`;
      out[name] = value;
    }
  }
  return out;
}
