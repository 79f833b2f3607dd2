import { describe, expect, it } from 'vitest';
import { ColumnIndex, expandScientific, parseDateCell, parseDecimalCell, repairSkuId, RowReader } from '../../src/imports/csv/cells.ts';

const reader = (header: string[], values: string[], dialect = { delimiter: ',' as const, dayFirst: false, decimalComma: false }): RowReader =>
  new RowReader(new ColumnIndex(header, { id: ['Id'], amount: ['Amount'], day: ['Day'] }), dialect, values);

describe('reading cells that went through Excel', () => {
  it("expands Excel's scientific notation in ids and remembers them as possibly damaged", () => {
    const row = reader(['Id'], ['1.23457E+15']);
    expect(row.id('id')).toBe('1234570000000000');
    expect(row.mangledIds).toEqual(['Id 1.23457E+15']);
  });

  it('leaves hexadecimal ids that merely look like exponents alone', () => {
    for (const id of ['463682e07833', '12e45', 'a1e5', '7E3F']) {
      const row = reader(['Id'], [id]);
      expect(row.id('id')).toBe(id);
      expect(row.mangledIds).toEqual([]);
    }
  });

  it('reads amounts with thousands separators, decimal commas, accounting negatives and exponents', () => {
    expect(parseDecimalCell('1,234.56', false)?.toString()).toBe('1234.56');
    expect(parseDecimalCell('1.234,56', true)?.toString()).toBe('1234.56');
    expect(parseDecimalCell('10,08', false)?.toString()).toBe('10.08');
    expect(parseDecimalCell('(12.50)', false)?.toString()).toBe('-12.50');
    expect(parseDecimalCell('1.2E+3', false)?.toString()).toBe('1200');
    expect(parseDecimalCell('1e-7', false)?.toString()).toBe('0.0000001');
    expect(parseDecimalCell('12,3,4', false)).toBeUndefined();
    expect(expandScientific('-4.5E+02')).toBe('-450');
  });

  it('reads ISO dates, timestamps, US and European slashed dates and Excel serial days', () => {
    expect(parseDateCell('2021-06-18', false)?.toString()).toBe('2021-06-18');
    expect(parseDateCell('2021-06-18T00:00:00Z', false)?.toString()).toBe('2021-06-18');
    expect(parseDateCell('6/18/2021 12:00:00 AM', false)?.toString()).toBe('2021-06-18');
    expect(parseDateCell('18/06/2021', true)?.toString()).toBe('2021-06-18');
    expect(parseDateCell('18.06.2021', true)?.toString()).toBe('2021-06-18');
    expect(parseDateCell('44365', false)?.toString()).toBe('2021-06-18');
    expect(parseDateCell('2021-02-30', false)).toBeUndefined();
    const row = reader(['Day'], ['2021-13-01']);
    expect(() => row.dateText('day')).toThrow('Day "2021-13-01" is not a date');
  });

  it('gives SKU ids back the leading zeros Excel dropped', () => {
    expect([repairSkuId('1'), repairSkuId('0002'), repairSkuId('DZH318Z0BQ3Q')]).toEqual(['0001', '0002', 'DZH318Z0BQ3Q']);
  });
});
