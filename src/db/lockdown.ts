/**
 * Settings that stop SQL from reaching anything but the upload folder: no network, no
 * extension downloads, no other files. They run right after the database opens, before any
 * user SQL, and the last one locks them so that SQL cannot turn them back.
 */
export function lockdownStatements(directories: string | string[], extra: string[] = []): string[] {
  const dirs = (Array.isArray(directories) ? directories : [directories]).map((d) => `'${d.replaceAll("'", "''")}'`);
  return [
    ...extra,
    `SET allowed_directories=[${dirs.join(', ')}]`,
    'SET autoload_known_extensions=false',
    'SET autoinstall_known_extensions=false',
    'SET enable_external_access=false',
    'SET lock_configuration=true',
  ];
}

/** What every refusal says first: the lockdown is on purpose, and why. */
export const LOCKDOWN_REASON = 'Segbook blocks network access so your data stays in this tab';

const REFUSED_FILE = /Cannot access (?:file|directory) "([^"]*)" - file system operations are disabled by configuration/;
const REFUSED_EXTENSION = /Loading external extensions is disabled|requires the extension (\w+) to be loaded|Missing Extension Error/;

/**
 * A plain sentence for DuckDB's refusals under the lockdown, which otherwise read as a raw
 * "Permission Error… disabled by configuration" with no word of why or what to do; null for any
 * other error.
 */
export function lockdownRefusal(message: string): string | null {
  const file = REFUSED_FILE.exec(message);
  if (file) {
    const target = file[1];
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
      return `${LOCKDOWN_REASON}, so it cannot read "${target}". Download the file and drop it on the page instead; it then becomes a table you can query.`;
    }
    if (target.includes('/.duckdb/extensions') || target.includes('extensions/v')) return extensionRefusal();
    return `${LOCKDOWN_REASON}, and reads only the files you open in it, so it cannot read "${target}". Drop the file on the page instead; it then becomes a table you can query.`;
  }
  if (REFUSED_EXTENSION.test(message)) return extensionRefusal();
  return null;
}

/** The sentence for INSTALL, LOAD and anything that needs an extension downloaded. */
export function extensionRefusal(): string {
  return `${LOCKDOWN_REASON}: it installs no DuckDB extensions (INSTALL and LOAD are refused), and reads no URLs. Download the data and drop the file on the page instead; it then becomes a table you can query.`;
}

/**
 * `error` with a lockdown refusal said in plain words, keeping DuckDB's "LINE n" marker (the cell
 * places the error with it) and the original as the cause; any other error unchanged.
 */
export function explainLockdown(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const plain = lockdownRefusal(error.message);
  if (!plain) return error;
  const line = /\n\s*LINE \d+:[\s\S]*$/.exec(error.message)?.[0] ?? '';
  return new Error(plain + line, { cause: error });
}
