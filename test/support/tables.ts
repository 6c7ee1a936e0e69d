import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { ImportError } from '#domain/errors';
import { readTable, type Table } from '#import/table';

/** A table read from CSV text, as the importer reads a file. */
export const csvTable = (text: string, fileName = 'plan.csv'): Promise<Table> => readTable(fileName, Buffer.from(text, 'utf8'));

/** A table read from a one-sheet workbook built by `build`. */
export async function xlsxTable(build: (ws: ExcelJS.Worksheet) => void, fileName = 'plan.xlsx'): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  build(workbook.addWorksheet('Plan'));
  return readTable(fileName, Buffer.from(await workbook.xlsx.writeBuffer()));
}

/** The ImportError `act` throws (fails the test if it throws anything else, or nothing). */
export function importError(act: () => unknown): ImportError {
  try {
    act();
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error('expected an ImportError, but the call returned');
}
