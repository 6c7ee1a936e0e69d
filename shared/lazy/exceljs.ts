import { once } from './once.ts';

/** Loaded on first use, installed next to the bundle: reading a workbook, writing a report's spreadsheet. */
export const loadExcelJS = once(async () => (await import('exceljs')).default);
