import type { Database, QueryOptions, Row, UploadFile } from './database.ts';

/** A Database that starts the real one on first use, so the page can render before DuckDB is up. */
export class LazyDatabase implements Database {
  constructor(private readonly open: () => Promise<Database>) {}

  async query(sql: string, options?: QueryOptions): Promise<Row[]> {
    return (await this.open()).query(sql, options);
  }

  async queryColumns(sql: string, options?: QueryOptions): Promise<Record<string, Float64Array>> {
    return (await this.open()).queryColumns(sql, options);
  }

  async exec(sql: string, options?: QueryOptions): Promise<void> {
    return (await this.open()).exec(sql, options);
  }

  async registerUpload(file: UploadFile): Promise<string> {
    return (await this.open()).registerUpload(file);
  }

  async dropUpload(name: string): Promise<void> {
    return (await this.open()).dropUpload(name);
  }

  async insertArrowIPC(table: string, ipc: Uint8Array): Promise<void> {
    return (await this.open()).insertArrowIPC(table, ipc);
  }

  async close(): Promise<void> {
    return (await this.open()).close();
  }
}
