/** Numbers as the command line's one-line briefs print them: 'n/a' where there is none. */
export const briefNumber = (x: unknown, digits = 3) => (typeof x === 'number' && Number.isFinite(x) ? Number(x.toPrecision(digits)).toLocaleString('en') : 'n/a');
export const briefCount = (x: unknown) => (typeof x === 'number' ? x.toLocaleString('en') : 'n/a');
export const briefPercent = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : 'n/a');
