import { describe, expect, it } from 'vitest';
import { BANK_HOLIDAYS } from '#domain/bank-holidays';
import { bankHolidays, HOLIDAY_YEARS } from '#domain/working-days';
import { libraryBankHolidays } from '#support/bank-holidays';

// The functions carry a generated table, not the date-holidays library (about 1.3 MB):
// the table must say exactly what the library says, year by year.
describe('the bank-holiday table', () => {
  const years = Array.from({ length: HOLIDAY_YEARS.last - HOLIDAY_YEARS.first + 1 }, (_, i) => HOLIDAY_YEARS.first + i);

  it.each(years)('holds the library’s England & Wales bank holidays for %i', (year) => {
    expect(bankHolidays(year)).toEqual(libraryBankHolidays(year));
  });

  it('covers every supported year and no other', () => {
    expect(Object.keys(BANK_HOLIDAYS).map(Number)).toEqual(years);
  });

  it('knows the one-off holidays (the 2022 jubilee and funeral, the 2023 coronation)', () => {
    expect(bankHolidays(2022).get('2022-06-03')).toBeDefined();
    expect(bankHolidays(2022).get('2022-09-19')).toBeDefined();
    expect(bankHolidays(2023).get('2023-05-08')).toBeDefined();
  });
});
