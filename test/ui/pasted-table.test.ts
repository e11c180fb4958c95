import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { htmlTableRows, pastedName, pastedTable, rowsToTsv } from '../../src/ui/paste/pasted-table.ts';
import { loadFile, useLoaderFixtures } from '../ingest/fixtures.ts';

const parse = (html: string) => new JSDOM(html).window.document;
const rowsOf = (html: string) => htmlTableRows(parse(html));

const fx = useLoaderFixtures();

describe('pasted tables', () => {
  it('reads an HTML table into rows, filling each merged cell into every row and column it covers', () => {
    const html = `<table>
      <thead><tr><th rowspan="2">Region</th><th colspan="2">Q1</th></tr><tr><th>Jan</th><th>Feb</th></tr></thead>
      <tbody>
        <tr><td rowspan="2">North</td><td>1,200</td><td>3</td></tr>
        <tr><td></td><td>4</td></tr>
        <tr><td colspan="3">  </td></tr>
        <tr><td>South&nbsp;East</td><td>7</td></tr>
      </tbody></table>`;
    expect(rowsOf(html)).toEqual([
      ['Region', 'Q1', 'Q1'],
      ['Region', 'Jan', 'Feb'],
      ['North', '1,200', '3'],
      ['North', '', '4'],
      // The row of blanks is gone; a short row is padded.
      ['South East', '7', ''],
    ]);
  });

  it('reads the largest table, without the text of scripts and styles, with <br> as a line break', () => {
    const html = `<table><tr><td>menu</td></tr></table>
      <table><tr><th>id<script>alert(1)</script></th><th>note<style>td{}</style></th></tr>
      <tr><td>1</td><td>first line<br>second   line</td></tr></table>`;
    expect(rowsOf(html)).toEqual([['id', 'note'], ['1', 'first line\nsecond line']]);
  });

  it('clamps hostile spans instead of building a huge grid', () => {
    const rows = rowsOf('<table><tr><td colspan="100000">a</td></tr><tr><td rowspan="0">b</td><td>c</td></tr><tr><td>d</td></tr></table>');
    expect(rows?.[0].length).toBe(1000);
    expect(rows?.map((r) => r.slice(0, 2))).toEqual([['a', 'a'], ['b', 'c'], ['b', 'd']]);
  });

  it('quotes only values with tabs, line breaks or quotes', () => {
    expect(rowsToTsv([['a', 'b'], ['x\ty', 'say "hi"'], ['line\nbreak', '1,5']])).toBe('a\tb\n"x\ty"\t"say ""hi"""\n"line\nbreak"\t1,5\n');
  });

  it('takes the HTML table over the plain text, and tab-separated text when there is no table', () => {
    const both = pastedTable('<table><tr><td>a</td><td>b</td></tr><tr><td>1</td><td>2</td></tr></table>', 'ignored\tthis\n1\t2', parse);
    expect(both).toEqual({ tsv: 'a\tb\n1\t2\n', rows: 1, columns: 2 });
    expect(pastedTable(null, 'id\tspend\r\n1\t10\r\n2\t20\r\n', parse)).toEqual({ tsv: 'id\tspend\n1\t10\n2\t20\n', rows: 2, columns: 2 });
    // Prose, one line, or a header alone is not a table.
    expect(pastedTable(null, 'hello world\nsecond line', parse)).toBeNull();
    expect(pastedTable(null, 'a\tb', parse)).toBeNull();
    expect(pastedTable('<p>no table</p>', null, parse)).toBeNull();
    expect(pastedTable('<table><tr><td>only a header</td></tr></table>', null, parse)).toBeNull();
  });

  it('names pasted tables pasted_1, pasted_2, … past the names taken', () => {
    expect(pastedName([])).toBe('pasted_1');
    expect(pastedName(['Pasted_1', 'pasted_2', 'pasted_4'])).toBe('pasted_3');
  });

  it('loads a pasted HTML table with the same types as the same table pasted as text, thousands separators included', async () => {
    const html = `<table><tr><th>id</th><th>spend</th><th>joined</th><th>code</th></tr>
      <tr><td>1</td><td>1,200</td><td>2024-01-05</td><td>007</td></tr>
      <tr><td>2</td><td>35</td><td>2024-02-10</td><td>012</td></tr></table>`;
    const text = 'id\tspend\tjoined\tcode\n1\t1,200\t2024-01-05\t007\n2\t35\t2024-02-10\t012\n';
    const fromHtml = pastedTable(html, null, parse)!;
    expect(fromHtml.tsv).toBe(text);
    const a = await loadFile(fx.db, await fx.dir.write('pasted_1.tsv', fromHtml.tsv), 'pasted_1');
    const b = await loadFile(fx.db, await fx.dir.write('plain.tsv', text), 'plain');
    expect(a.schema).toEqual(b.schema);
    // What the CSV sniffing decided, checked by hand: "1,200" is text, not a number; leading zeros stay.
    expect(Object.fromEntries(a.schema.map((c) => [c.name, c.type]))).toEqual({ id: 'BIGINT', spend: 'VARCHAR', joined: 'DATE', code: 'VARCHAR' });
    expect(await fx.db.query(`SELECT count(*) AS n, min(code) AS code, max(spend) AS spend FROM pasted_1`)).toEqual([{ n: 2, code: '007', spend: '35' }]);
  });
});
