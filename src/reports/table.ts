/**
 * Plain tables rendered as text (right-aligned numbers), CSV (RFC 4180, plain numbers) or Markdown. Every command's
 * tabular output goes through here so that formats agree.
 * @module
 */

export interface Column<Row> {
  readonly header: string;
  /** The raw value, used as is in CSV and JSON. */
  readonly value: (row: Row) => string | number | null;
  /** Display text for table and Markdown output; defaults to the raw value. */
  readonly display?: (row: Row) => string;
  /** Numbers are right-aligned unless said otherwise. */
  readonly align?: 'left' | 'right';
}

/**
 * A row label indented beneath the row it belongs to, two `space`s per level (a manager beneath the one they report
 * to): regular spaces in text tables, no-break spaces where Markdown and HTML would collapse them.
 */
export function indentedLabel(label: string, level: number, space = ' '): string {
  return space.repeat(2 * level) + label;
}

function cellText<Row>(column: Column<Row>, row: Row): string {
  if (column.display) return column.display(row);
  const value = column.value(row);
  if (value === null) return '';
  return typeof value === 'number' ? value.toLocaleString('en-US') : value;
}

function alignment<Row>(column: Column<Row>, rows: readonly Row[]): 'left' | 'right' {
  if (column.align) return column.align;
  const first = rows.find((row) => column.value(row) !== null);
  return first !== undefined && typeof column.value(first) === 'number' ? 'right' : 'left';
}

export function renderTextTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const cells = rows.map((row) => columns.map((column) => cellText(column, row)));
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...cells.map((line) => (line[index] ?? '').length)),
  );
  const aligns = columns.map((column) => alignment(column, rows));
  const pad = (text: string, index: number): string =>
    aligns[index] === 'right' ? text.padStart(widths[index] ?? 0) : text.padEnd(widths[index] ?? 0);
  const lines = [
    columns.map((column, index) => pad(column.header, index)).join('  '),
    widths.map((width) => '─'.repeat(width)).join('  '),
    ...cells.map((line) => line.map(pad).join('  ')),
  ];
  return lines.map((line) => line.trimEnd()).join('\n') + '\n';
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderCsv<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const lines = [columns.map((column) => csvField(column.header))];
  for (const row of rows) lines.push(columns.map((column) => csvField(column.value(row))));
  return lines.map((line) => line.join(',')).join('\r\n') + '\r\n';
}

export function renderMarkdownTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const escape = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const aligns = columns.map((column) => alignment(column, rows));
  const lines = [
    `| ${columns.map((column) => escape(column.header)).join(' | ')} |`,
    `|${aligns.map((align) => (align === 'right' ? '---:' : '---')).join('|')}|`,
    ...rows.map((row) => `| ${columns.map((column) => escape(cellText(column, row))).join(' | ')} |`),
  ];
  return lines.join('\n') + '\n';
}

/** The width notes and footnotes are wrapped at in the terminal (the forecast's notes, the metrics' footnotes). */
export const NOTE_WIDTH = 110;

/**
 * A note's text (a warning, a hint, the command to run next) as the terminal shows it: wrapped at word boundaries
 * into lines of at most {@link NOTE_WIDTH} columns ({@link wrapLines}: a backticked command is never cut), each
 * continued two spaces in.
 */
export const wrapNote = (text: string): string[] => wrapLines(text, NOTE_WIDTH, '', '  ');

/** Whether every line of `text` keeps within {@link NOTE_WIDTH} columns. */
export const fitsTerminal = (text: string): boolean =>
  text.split('\n').every((line) => line.length <= NOTE_WIDTH);

/**
 * Prose wrapped at word boundaries into lines of at most `width` characters (a longer word stands alone): the
 * first line starts with `first`, the rest with `rest` (a hanging indent), so that notes and footnotes read in
 * a terminal or a text file without running off the screen. A backticked command is one word: it is never cut,
 * so that it can be copied as printed. The spaces between words are the text's own (aligned columns, a flag
 * and its value two spaces apart), except where a line breaks; a line break in the text reads as one space.
 */
export function wrapLines(text: string, width: number, first = '', rest = first): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const [, spaces = '', word = ''] of text.matchAll(/(\s*)((?:`[^`]*`|`(?![^`]*`)|[^\s`])+)/g)) {
    const gap = /[\r\n]/.test(spaces) ? ' ' : spaces;
    if (!empty && line.length + gap.length + word.length > width) {
      lines.push(line);
      line = rest;
      empty = true;
    }
    line += empty ? word : `${gap}${word}`;
    empty = false;
  }
  lines.push(line);
  return lines;
}
