/**
 * Reads the workspace config file (`salesops.yaml`) and reports every problem in it at once, each located as
 * `<file>:<line>:<column> <field>: <what> (got <value>)` with a fix where one can be said: YAML syntax errors,
 * unknown keys, wrong types and values, and rules that span fields (duplicate stage names, FX rates).
 * @module
 */
import { readFileSync } from 'node:fs';
import { InputError, OperationError, type Problem } from '../domain/errors.js';
import {
  formatConfigPath,
  validateWorkspaceConfig,
  type ConfigIssue,
  type WorkspaceConfig,
} from '../domain/workspace-config.js';
import { parseYamlDocument } from '../domain/yaml-document.js';

export const CONFIG_FILE_NAME = 'salesops.yaml';

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
  const document = parseYamlDocument(text, file);
  if (document.value === null || document.value === undefined) {
    throw new InputError({
      message: 'the config file is empty',
      location: { file },
      fix: 'write at least company: <name> and currency: <ISO code>, or start from the commented default',
    });
  }
  const result = validateWorkspaceConfig(document.value);
  if (result.ok) return result.config;
  throw new InputError(
    document.locate(result.issues.map((issue) => ({ path: issue.path, problem: issueProblem(issue) }))),
  );
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
        fix: `check the workspace folder, or create ${CONFIG_FILE_NAME} (\`salesops init\` writes a commented default)`,
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
