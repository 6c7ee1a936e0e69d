import Holidays from 'date-holidays';

const englandAndWales = new Holidays('GB', 'ENG');

/** England & Wales bank holidays of a year as the date-holidays library computes them (date → name). */
export function libraryBankHolidays(year: number): Map<string, string> {
  return new Map(
    englandAndWales
      .getHolidays(year)
      .filter((h) => h.type === 'public')
      .map((h) => [h.date.slice(0, 10), h.name] as [string, string]),
  );
}
