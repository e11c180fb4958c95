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
