import { describe, expect, it } from 'vitest';
import { countOf, formatCell, formatChange, formatCount, formatNumber, formatPercent, formatRatio } from '../../src/engine/number-format.ts';

describe('numbers for people', () => {
  it('groups thousands and keeps decimals by magnitude', () => {
    expect(formatNumber(105.324503)).toBe('105.3');
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect([1995.34, 38.54, 2.963, 0.4234, 0.001234, -1290, 0, 12].map((x) => formatNumber(x))).toEqual(['1,995', '38.5', '2.96', '0.42', '0.0012', '-1,290', '0', '12']);
    expect(formatNumber(Number.NaN)).toBe('–');
  });

  it('writes shares as percentages with at most one decimal, and tiny shares with two significant digits', () => {
    expect(formatPercent(0.5285)).toBe('52.9%');
    expect([1, 0.2, 0.006, 0.000123, 0].map((x) => formatPercent(x))).toEqual(['100%', '20%', '0.6%', '0.012%', '0%']);
    expect([0.111, -0.053].map((x) => formatChange(x))).toEqual(['+11.1%', '−5.3%']);
  });

  it('makes the noun agree with the count', () => {
    expect(countOf(1, 'customer')).toBe('1 customer');
    expect(countOf(0, 'customer')).toBe('0 customers');
    expect(countOf(1204, 'customer')).toBe('1,204 customers');
    expect(formatCount(12345678901234567890n)).toBe('12,345,678,901,234,567,890');
  });

  it('writes ratios with a digit more near 1 and below 0.1', () => {
    expect([3.24, 0.96, 0.012].map((x) => formatRatio(x))).toEqual(['3.2x', '0.96x', '0.012x']);
  });

  it('leaves identifiers and codes in a grid ungrouped, and formats measures', () => {
    expect(formatCell(12345, 'customer_id')).toBe('12345');
    expect(formatCell(2024, 'year')).toBe('2024');
    expect(formatCell(12345, 'monetary')).toBe('12,345');
    // A grid shows the data: decimals are kept, only the thousands are grouped.
    expect(formatCell(105.324503, 'monetary')).toBe('105.3245');
    expect(formatCell(1241.81, 'price')).toBe('1,241.81');
    expect(formatCell(8911407.9, 'revenue')).toBe('8,911,407.9');
    expect(formatCell(0.000123456, 'share')).toBe('0.0001235');
    expect(formatCell(null, 'x')).toBe('NULL');
    expect(formatCell('Champions', 'segment')).toBe('Champions');
  });

  it('follows the locale it is given', () => {
    expect(formatNumber(1234567.5, 'de-DE')).toBe('1.234.568');
    expect(formatNumber(105.324503, 'de-DE')).toBe('105,3');
  });
});
