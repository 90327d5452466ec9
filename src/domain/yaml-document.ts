/**
 * YAML files people write (salesops.yaml, import mapping files): parsed with every syntax error located, and any
 * path into the parsed value (a validation issue's path) located at `file:line:column`. Pure: text in, no I/O.
 * @module
 */
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { InputError, type Problem } from './errors.js';

/** Fixes for the YAML syntax errors people make most, by the `yaml` package's error code. */
const SYNTAX_FIXES: Readonly<Record<string, string>> = {
  DUPLICATE_KEY: 'remove one of the two entries with this key',
  BAD_INDENT: 'check the indentation (spaces, nested settings under their key) and close every [ and {',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  MISSING_CHAR: 'close the bracket or quote that was opened',
  BLOCK_AS_IMPLICIT_KEY: 'put a nested mapping on its own lines, indented under its key',
  MULTILINE_IMPLICIT_KEY: 'check the indentation, and quote text that contains ": " or " #"',
  UNEXPECTED_TOKEN: 'quote text that contains ": ", " #", or starts with [ { * & ! | > % @',
};

/** A problem about the value at `path` (keys and list indexes from the document's root). */
export interface PathProblem {
  readonly path: readonly (string | number)[];
  readonly problem: Problem;
}

export interface YamlDocument {
  readonly file: string;
  /** The document as plain data; null or undefined when the file holds nothing. */
  readonly value: unknown;
  /** The problems located where their paths are written, in file order. */
  locate(problems: readonly PathProblem[]): Problem[];
}

/**
 * Where a path is written: the key of a mapping entry, the item of a list, or, for a path that does not exist
 * (a required key that is missing), the deepest part of it that does. A path through an alias (`*name`) stops
 * at the alias, where the value is used.
 */
function offsetOf(document: Document, path: readonly (string | number)[]): number {
  let node: unknown = document.contents;
  let offset = 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === segment);
      if (!pair) break;
      offset = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (!isNode(item)) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return offset;
}

function locatedAt(file: string, lineCounter: LineCounter, offset: number, problem: Problem): Problem {
  const { line, col } = lineCounter.linePos(offset);
  return { ...problem, location: { file, line, column: col, ...problem.location } };
}

/**
 * Parses YAML text (`file` names it in messages). Syntax errors are one InputError listing each at its
 * line and column; so is a document that expands too many aliases.
 */
export function parseYamlDocument(text: string, file: string): YamlDocument {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    throw new InputError(
      document.errors.map((error) => {
        const fix = SYNTAX_FIXES[error.code];
        const problem: Problem = {
          message: error.message.split('\n')[0] ?? error.code,
          ...(fix ? { fix } : {}),
        };
        return locatedAt(file, lineCounter, error.pos[0], problem);
      }),
    );
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new InputError({
      message: `cannot read the YAML: ${error instanceof Error ? error.message : String(error)}`,
      location: { file },
      fix: 'write the settings out instead of repeating them through many aliases (*name)',
    });
  }
  return {
    file,
    value,
    locate: (problems) =>
      problems
        .map((entry) => {
          const offset = offsetOf(document, entry.path);
          return { offset, problem: locatedAt(file, lineCounter, offset, entry.problem) };
        })
        .sort((a, b) => a.offset - b.offset)
        .map((entry) => entry.problem),
  };
}
