import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = '/usr/lib/postgresql/15/bin';

/**
 * A throwaway PostgreSQL 15 in a temporary folder, reachable only through a Unix socket there.
 * As root the server runs as the `postgres` user, which must own the folder. The C locale makes
 * text sort byte by byte, as DuckDB sorts it.
 */
export class TestPostgres {
  private constructor(readonly dir: string, private readonly asUser: string | null) {}

  static start(): TestPostgres {
    if (!existsSync(join(BIN, 'pg_ctl'))) {
      throw new Error(`these tests need PostgreSQL 15 at ${BIN}: install it with \`apt-get install -y postgresql-15\` (npm test does)`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'segbook-pg-'));
    const root = process.getuid?.() === 0;
    const server = new TestPostgres(dir, root ? 'postgres' : null);
    if (root) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(dir, uid, gid);
    }
    chmodSync(dir, 0o755);
    server.server('initdb', ['-D', join(dir, 'data'), '--no-locale', '-E', 'UTF8', '-A', 'trust', '-U', 'segbook']);
    server.server('pg_ctl', ['-D', join(dir, 'data'), '-l', join(dir, 'log'), '-w', '-o', `-c listen_addresses='' -k ${dir}`, 'start']);
    return server;
  }

  private server(program: string, args: string[]): void {
    const command = this.asUser ? ['runuser', ['-u', this.asUser, '--', join(BIN, program), ...args]] as const : [join(BIN, program), args] as const;
    execFileSync(command[0], [...command[1]], { stdio: 'pipe' });
  }

  /** Runs SQL through psql and returns stdout; stops at the first error. */
  psql(sql: string): string {
    return execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', this.dir, '-U', 'segbook', '-d', 'postgres'], {
      input: sql, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
    });
  }

  /** The rows of a query, as strings by column (NULL as null), through COPY … TO STDOUT as CSV. */
  rows(query: string): Array<Record<string, string | null>> {
    const text = this.psql(`COPY (${query}) TO STDOUT WITH (FORMAT csv, HEADER, FORCE_QUOTE *);`);
    const lines = text.split('\n').filter((l) => l.length > 0);
    const header = parseCsvLine(lines[0]).map((h) => h ?? '');
    return lines.slice(1).map((line) => {
      const cells = parseCsvLine(line);
      return Object.fromEntries(header.map((h, i) => [h, cells[i]]));
    });
  }

  stop(): void {
    try {
      this.server('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'immediate', 'stop']);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/** One CSV line where every value is quoted and an unquoted empty field is NULL (FORCE_QUOTE *). */
function parseCsvLine(line: string): Array<string | null> {
  const out: Array<string | null> = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') (value += '"'), (i += 2);
        else if (line[i] === '"') break;
        else value += line[i++];
      }
      out.push(value);
      i += 2;
    } else {
      const end = line.indexOf(',', i);
      const raw = line.slice(i, end < 0 ? line.length : end);
      out.push(raw === '' ? null : raw);
      i = end < 0 ? line.length + 1 : end + 1;
    }
  }
  return out;
}
