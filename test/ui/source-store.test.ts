import { Table as WasmTable, writeParquet } from 'parquet-wasm/node';
import { describe, expect, it } from 'vitest';
import { encodeTable } from '../../src/db/table-encoders.ts';
import { exportTable } from '../../src/db/table-export.ts';
import type { SourceSpec } from '../../src/engine/workbook.ts';
import { loadSource } from '../../src/ingest/load-source.ts';
import { nodeParsers } from '../../src/ingest/node-parsers.ts';
import { KEEP_AUTOMATICALLY_UP_TO, KeptData, type KeepHost } from '../../src/ui/storage/kept-data.svelte.ts';
import { SourceKeep, WORKBOOK_RESERVE, formatBytes, keptColumnTypes, type FileShelf } from '../../src/ui/storage/source-store.ts';
import { loadFile, useLoaderFixtures } from '../ingest/fixtures.ts';

/** A shelf in memory; `failWrites` makes each write fail as a full disk does, after writing part of the file. */
class MemoryShelf implements FileShelf {
  readonly files = new Map<string, Blob>();
  failWrites: string | null = null;
  free: number | null = null;

  async write(name: string, data: Blob): Promise<void> {
    if (this.failWrites && name.endsWith(this.failWrites)) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.files.set(name, data);
  }
  async read(name: string): Promise<File | null> {
    const blob = this.files.get(name);
    return blob ? new File([blob], name) : null;
  }
  async list() {
    return [...this.files].map(([name, blob]) => ({ name, bytes: blob.size }));
  }
  async remove(name: string): Promise<void> {
    this.files.delete(name);
  }
  async room(): Promise<number | null> {
    return this.free;
  }
}

const SPEC = { name: 'customers', file: 'customers.csv', schema: [{ name: 'id', type: 'BIGINT' }] };
const bytes = (n: number) => new Blob([new Uint8Array(n)]);

const fx = useLoaderFixtures();

describe('sources kept in this browser', () => {
  it('keeps a copy and gives it back only to the source it was made from', async () => {
    const shelf = new MemoryShelf();
    const keep = new SourceKeep(shelf);
    expect(await keep.save(SPEC, bytes(1234))).toEqual({ ok: true, bytes: 1234 });
    expect((await keep.open(SPEC))?.size).toBe(1234);
    expect(await keep.open({ ...SPEC, file: 'other.csv' })).toBeNull();
    expect(await keep.open({ ...SPEC, schema: [{ name: 'id', type: 'VARCHAR' }] })).toBeNull();
    expect(await keep.open({ ...SPEC, name: 'orders' })).toBeNull();
    expect(await keep.sizes()).toEqual(new Map([['customers', 1234]]));
    await keep.forget('customers');
    expect(shelf.files.size).toBe(0);
  });

  it('on a full disk keeps nothing half-written, says which table and what to do, and leaves other copies alone', async () => {
    const shelf = new MemoryShelf();
    const keep = new SourceKeep(shelf);
    await keep.save({ ...SPEC, name: 'orders', file: 'orders.csv' }, bytes(10));
    // The data was written, then its description failed: the data must not stay behind.
    shelf.failWrites = 'customers.parquet.json';
    const result = await keep.save(SPEC, bytes(2048));
    expect(result).toEqual({
      ok: false, quota: true,
      message:
        'The data of table customers (customers.csv, 2 KB) could not be kept in this browser: its storage is full. ' +
        'Forget the kept data of tables you no longer need, or turn keeping off for customers and attach customers.csv again after a reload. ' +
        'The workbook itself is kept.',
    });
    expect([...shelf.files.keys()].sort()).toEqual(['orders.parquet', 'orders.parquet.json']);
    expect(await keep.open(SPEC)).toBeNull();
  });

  it('refuses a copy that would leave no room for the workbook, before writing anything', async () => {
    const shelf = new MemoryShelf();
    shelf.free = WORKBOOK_RESERVE + 100;
    const keep = new SourceKeep(shelf);
    const result = await keep.save(SPEC, bytes(101));
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.quota).toBe(true);
    expect(shelf.files.size).toBe(0);
    expect((await keep.save(SPEC, bytes(100))).ok).toBe(true);
  });

  it('remembers which tables are not to be kept, and forgets all copies but that setting', async () => {
    const shelf = new MemoryShelf();
    const keep = new SourceKeep(shelf);
    await keep.setNotKept(new Set(['b', 'a']));
    await keep.save(SPEC, bytes(5));
    await keep.save({ ...SPEC, name: 'settings' }, bytes(6));
    expect(await keep.notKept()).toEqual(new Set(['a', 'b']));
    expect(await keep.sizes()).toEqual(new Map([['customers', 5], ['settings', 6]]));
    await keep.forgetAll();
    expect([...shelf.files.keys()]).toEqual(['settings']);
    await keep.setNotKept(new Set());
    expect(shelf.files.size).toBe(0);
  });

  it('shows a quota failure on the source, and a later load that fits is kept', async () => {
    const shelf = new MemoryShelf();
    const spec: SourceSpec = { ...SPEC, origin: 'file', format: 'csv', columnTypes: {} };
    const unloaded: string[] = [];
    const host: KeepHost = {
      spec: () => spec, allowed: () => true, loaded: () => true, rows: () => 1000,
      encode: async () => bytes(3 * 1024 * 1024), unload: async (t) => void unloaded.push(t),
    };
    const kept = new KeptData(host, shelf);
    shelf.failWrites = '.parquet';
    await kept.keep('customers');
    const failed = kept.state('customers');
    expect(failed.kind).toBe('failed');
    expect(failed.kind === 'failed' && failed.message).toContain('The data of table customers (customers.csv, 3 MB) could not be kept');
    shelf.failWrites = null;
    await kept.keep('customers');
    expect(kept.state('customers')).toEqual({ kind: 'kept', bytes: 3 * 1024 * 1024 });
    expect(kept.totalBytes).toBe(3 * 1024 * 1024);
    await kept.setKeeping('customers', false);
    expect(kept.state('customers')).toEqual({ kind: 'off' });
    expect([...shelf.files.keys()]).toEqual(['settings']);
    // Off survives a new page: the next load is not kept.
    const again = new KeptData(host, shelf);
    await again.keep('customers');
    expect(again.state('customers')).toEqual({ kind: 'off' });
    await again.setKeeping('customers', true);
    expect(again.state('customers').kind).toBe('kept');
    await again.forget('customers');
    expect(shelf.files.size).toBe(0);
    expect(unloaded).toEqual(['customers']);
  });

  it('keeps a table over the row limit only when the user turns keeping on, without encoding it before', async () => {
    const shelf = new MemoryShelf();
    const spec: SourceSpec = { ...SPEC, origin: 'file', format: 'csv', columnTypes: {} };
    let encoded = 0;
    let rows = KEEP_AUTOMATICALLY_UP_TO;
    const host: KeepHost = {
      spec: () => spec, allowed: () => true, loaded: () => true, rows: () => rows,
      encode: async () => (encoded++, bytes(100)), unload: async () => undefined,
    };
    const kept = new KeptData(host, shelf);
    // At the limit it is kept as any other table.
    await kept.keep('customers');
    expect(kept.state('customers')).toEqual({ kind: 'kept', bytes: 100 });
    await kept.forget('customers');
    rows = KEEP_AUTOMATICALLY_UP_TO + 1;
    await kept.keep('customers');
    expect(kept.state('customers')).toEqual({ kind: 'large', rows });
    expect(encoded).toBe(1);
    expect(shelf.files.size).toBe(0);
    await kept.setKeeping('customers', true);
    expect(kept.state('customers')).toEqual({ kind: 'kept', bytes: 100 });
    expect(encoded).toBe(2);
    // A later load of the same table in this page is kept too: the user asked for it.
    await kept.keep('customers');
    expect(encoded).toBe(3);
  });

  it('reads a kept Parquet copy back into the same table, types and values, times included', async () => {
    const db = fx.db;
    const csv = 'id,name,amount,joined,seen,opens,code\n1,Ana,10.50,2024-01-05,2024-01-05 10:30:00,08:15:00,007\n2,"Bo, Jr.",,2024-02-10,,23:59:59,012\n3,,1e3,,2024-03-15 12:00:00.123456,,\n';
    const original = await loadFile(db, await fx.dir.write('customers.csv', csv), 'customers');
    expect(original.schema.find((c) => c.name === 'opens')?.type).toBe('TIME');
    const parquet = await exportTable(db, 'customers', 'parquet', async (ipc, decimals, f) =>
      encodeTable(ipc, decimals, f, (stream) => writeParquet(WasmTable.fromIPCStream(stream))));
    const copy = await loadSource(db, nodeParsers, {
      file: new Blob([new Uint8Array(parquet)]), fileName: 'customers.parquet', table: 'restored', columnTypes: keptColumnTypes(original.schema),
    });
    expect(copy.schema).toEqual(original.schema);
    expect(copy.rowCount).toBe(3);
    const [diff] = await db.query('SELECT (SELECT count(*) FROM (FROM customers EXCEPT ALL FROM restored)) + (SELECT count(*) FROM (FROM restored EXCEPT ALL FROM customers)) AS n');
    expect(Number(diff.n)).toBe(0);
  });

  it('says sizes the way people read them', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(5 * 1024 * 1024), formatBytes(2.25 * 1024 ** 3)]).toEqual(['512 B', '1.5 KB', '5 MB', '2.3 GB']);
  });
});
