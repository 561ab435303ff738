import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { AppError } from '../http/errors.js';

/** One data row of a spreadsheet with the row number a user sees (the header is row 1). */
export interface SheetRow {
  row: number;
  cells: string[];
}

export type SheetFormat = 'csv' | 'xlsx';

/** Decide the format from the file name, falling back to the ZIP magic number XLSX files start with. */
export function detectFormat(fileName: string, head: Buffer): SheetFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  if (head[0] === 0x50 && head[1] === 0x4b) return 'xlsx';
  if (lower.endsWith('.xls')) throw new AppError('FILE_INVALID', 'old .xls files are not supported; save the sheet as .xlsx or .csv');
  return 'csv';
}

function cellText(value: ExcelJS.CellValue): string {
  if (value == null) return '';
  if (typeof value === 'object') {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return value.result == null ? '' : String(value.result);
    return '';
  }
  return String(value);
}

/**
 * Stream the rows of a CSV (UTF-8, with or without BOM) or the first sheet of an XLSX file,
 * trimmed, blank rows skipped. Row numbers count the header as row 1.
 */
export async function* readRows(source: Buffer | Readable, format: SheetFormat): AsyncGenerator<SheetRow> {
  const stream = Buffer.isBuffer(source) ? Readable.from([source]) : source;
  if (format === 'csv') {
    const parser = stream.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: false, trim: true }));
    let row = 0;
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        row++;
        if (record.every((c) => c === '')) continue;
        yield { row, cells: record };
      }
    } catch (err) {
      throw new AppError('FILE_INVALID', `the CSV file cannot be read near row ${row + 1}: ${(err as Error).message}`);
    }
    return;
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'emit' });
  try {
    for await (const sheet of reader) {
      for await (const r of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = r.values as ExcelJS.CellValue[];
        const cells: string[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]).trim());
        if (cells.every((c) => c === '')) continue;
        yield { row: r.number, cells };
      }
      return; // first sheet only
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('FILE_INVALID', `the XLSX file cannot be read: ${(err as Error).message}`);
  }
}

/**
 * Map header names (any of the given aliases, case-insensitive) to column indexes.
 * Throws a FILE_INVALID error naming every missing column.
 */
export function mapHeader<K extends string>(header: string[], columns: Record<K, readonly string[]>, required: readonly K[]): Record<K, number> {
  const normalized = header.map((h) => h.replace(/^\uFEFF/, '').trim().toLowerCase());
  const index = {} as Record<K, number>;
  for (const key of Object.keys(columns) as K[]) {
    index[key] = normalized.findIndex((h) => columns[key].some((alias) => alias.toLowerCase() === h));
  }
  const missing = required.filter((k) => index[k] < 0);
  if (missing.length) {
    throw new AppError('FILE_INVALID', `the first row must name the columns; missing: ${missing.map((k) => `${k} (${columns[k].join(' / ')})`).join(', ')}`);
  }
  return index;
}
