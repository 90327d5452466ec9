/**
 * Reads the workspace config file (`salesops.yaml`) and reports every problem in it at once, each located as
 * `<file>:<line>:<column> <field>: <what> (got <value>)` with a fix where one can be said: YAML syntax errors,
 * unknown keys, wrong types and values, and rules that span fields (duplicate stage names, FX rates).
 * @module
 */
import { readFileSync } from 'node:fs';
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { InputError, OperationError, type Problem } from '../domain/errors.js';
import {
  formatConfigPath,
  validateWorkspaceConfig,
  type ConfigIssue,
  type WorkspaceConfig,
} from '../domain/workspace-config.js';

export const CONFIG_FILE_NAME = 'salesops.yaml';

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

interface Located {
  readonly offset: number;
  readonly problem: Problem;
}

/**
 * Where a config path is written: the key of a mapping entry, the item of a list, or, for a path that does not
 * exist (a required key that is missing), the deepest part of it that does. A path through an alias (`*name`)
 * stops at the alias, where the value is used.
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

function located(file: string, lineCounter: LineCounter, offset: number, problem: Problem): Located {
  const { line, col } = lineCounter.linePos(offset);
  return { offset, problem: { ...problem, location: { file, line, column: col, ...problem.location } } };
}

function issueProblem(issue: ConfigIssue): Problem {
  const field = formatConfigPath(issue.path);
  return {
    message: issue.message,
    ...(field ? { location: { field } } : {}),
    ...(issue.fix ? { fix: issue.fix } : {}),
  };
}

/**
 * Parses the text of a config file (`file` names it in messages) into the workspace config. Throws one
 * InputError listing every problem, in file order. Pure: no I/O.
 */
export function parseConfigYaml(text: string, file: string = CONFIG_FILE_NAME): WorkspaceConfig {
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
        return located(file, lineCounter, error.pos[0], problem).problem;
      }),
    );
  }
  let input: unknown;
  try {
    input = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new InputError({
      message: `cannot read the YAML: ${error instanceof Error ? error.message : String(error)}`,
      location: { file },
      fix: 'write the settings out instead of repeating them through many aliases (*name)',
    });
  }
  if (input === null || input === undefined) {
    throw new InputError({
      message: 'the config file is empty',
      location: { file },
      fix: 'write at least company: <name> and currency: <ISO code>, or start from the commented default',
    });
  }
  const result = validateWorkspaceConfig(input);
  if (result.ok) return result.config;
  const problems = result.issues
    .map((issue) => located(file, lineCounter, offsetOf(document, issue.path), issueProblem(issue)))
    .sort((a, b) => a.offset - b.offset);
  throw new InputError(problems.map((entry) => entry.problem));
}

/**
 * Reads and parses a config file; a missing file is an InputError naming it. Synchronous: it is read once, when
 * a workspace opens.
 */
export function loadConfigFile(path: string): WorkspaceConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new InputError({
        message: 'no workspace config file here',
        location: { file: path },
        fix: `check the workspace folder, or create ${CONFIG_FILE_NAME} (salesops init writes a commented default)`,
      });
    }
    if (code === 'EISDIR') {
      throw new InputError({
        message: 'is a folder, not a config file',
        location: { file: path },
        fix: `give the path of ${CONFIG_FILE_NAME} inside it`,
      });
    }
    throw new OperationError(`cannot read ${path}`, { cause: error, fix: 'check the file permissions' });
  }
  return parseConfigYaml(text, path);
}
