/**
 * Opens a CRM export as a {@link Table}, whatever its format: XLSX workbooks are recognised by their zip
 * signature (not their extension, which users rename), everything else is read as delimited text.
 * @module
 */
import { open } from 'node:fs/promises';
import { InputError } from '../../domain/errors.js';
import { openCsv } from './csv-reader.js';
import { EXPORT_WORKBOOK_AGAIN, type OpenTableOptions, type Table } from './table.js';

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
/** Compound File Binary: the legacy .xls format (and other old Office files). */
const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0];
/** Names of Excel 2007+ workbooks, which are zip files. */
const WORKBOOK_NAME = /\.xls[xm]$/i;

async function readSignature(file: string): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError({
      message:
        code === 'ENOENT' ? 'the file does not exist' : `the file cannot be opened (${code ?? 'error'})`,
      location: { file },
      fix: 'check the path and that the file is readable',
    });
  }
  try {
    const signature = new Uint8Array(4);
    const { bytesRead } = await handle.read(signature, 0, 4, 0);
    return signature.subarray(0, bytesRead);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError({
      message:
        code === 'EISDIR' ? 'this is a folder, not a file' : `the file cannot be read (${code ?? 'error'})`,
      location: { file },
      fix: 'name the export file itself',
    });
  } finally {
    await handle.close();
  }
}

/**
 * Throws the InputError {@link openTable} would for a file that cannot be opened (missing, a folder,
 * unreadable), without reading it; the error names the file `name` (the path as the user typed it).
 */
export async function assertReadable(file: string, name: string = file): Promise<void> {
  try {
    await readSignature(file);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(
      error.problems.map((problem) => ({ ...problem, location: { ...problem.location, file: name } })),
    );
  }
}

function matches(signature: Uint8Array, expected: readonly number[]): boolean {
  return signature.length >= expected.length && expected.every((byte, index) => signature[index] === byte);
}

function notFor(file: string, option: string, format: string): InputError {
  return new InputError({
    message: `${option} does not apply to ${format} files`,
    location: { file },
    fix: `leave ${option} out for this file`,
  });
}

/**
 * Opens a CSV/TSV or XLSX file and reads its header. Options that do not apply to the file's format (`sheet`
 * for CSV, `encoding` or `delimiter` for XLSX) are an InputError rather than silently ignored.
 */
export async function openTable(file: string, options: OpenTableOptions = {}): Promise<Table> {
  const signature = await readSignature(file);
  if (matches(signature, CFB_SIGNATURE)) {
    throw new InputError({
      message: 'this is a legacy Excel .xls workbook, which salesops does not read',
      location: { file },
      fix: 'open it in Excel and save it as .xlsx or CSV UTF-8',
    });
  }
  if (matches(signature, ZIP_SIGNATURE)) {
    if (options.encoding !== undefined) throw notFor(file, '--encoding', 'XLSX');
    if (options.delimiter !== undefined) throw notFor(file, '--delimiter', 'XLSX');
    // Loaded when a workbook is opened: exceljs takes half a second to load, which a CSV import need not pay.
    const { openXlsx } = await import('./xlsx-reader.js');
    const { sheet, extraCells, withSheet } = options;
    return openXlsx(file, { sheet, extraCells, withSheet });
  }
  if (options.sheet !== undefined) throw notFor(file, '--sheet', 'CSV');
  const csv = openCsv(file, {
    encoding: options.encoding,
    delimiter: options.delimiter,
    extraCells: options.extraCells,
  });
  // A CSV export renamed .xlsx reads as CSV; when it does not, the user expects a workbook, so say it is none.
  if (signature.length === 0 || !WORKBOOK_NAME.test(file)) return csv;
  return csv.catch((error: unknown) => {
    throw error instanceof InputError ? notAWorkbook(error) : error;
  });
}

/** An InputError of reading a file named as a workbook as CSV text, told as the file not being a workbook. */
function notAWorkbook(error: InputError): InputError {
  return new InputError(
    error.problems.map((problem) => ({
      ...problem,
      message: `this is not an Excel workbook (not a zip file), and read as CSV text, ${problem.message}`,
      fix: EXPORT_WORKBOOK_AGAIN + (problem.fix ? `. If it is CSV text: ${problem.fix}` : ''),
    })),
  );
}
