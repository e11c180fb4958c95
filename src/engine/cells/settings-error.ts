/**
 * A cell's settings do not fit its input: a missing or non-numeric column, an empty table, a value
 * out of range. Every kind throws this one error; its message names the cell's column or value and
 * says what to change. (The kernels' own FeatureError stays in ml, below the engine.)
 */
export class SettingsError extends Error {
  override name = 'SettingsError';
}
