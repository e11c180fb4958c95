/**
 * A cell's settings do not fit its input: a missing or non-numeric column, an empty table, a value
 * out of range. Every kind throws this one error; its message names the cell's column or value and
 * says what to change. A kernel's FeatureError becomes one, worded by src/engine/ml-words.ts.
 */
export class SettingsError extends Error {
  override name = 'SettingsError';
}
