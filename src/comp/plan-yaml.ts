/**
 * Reads a compensation plan from YAML text with every problem located at `file:line:column field`, and a fix.
 * Pure: text in, plan out; the caller reads the file.
 * @module
 */
import { InputError, type Problem } from '../domain/errors.js';
import { formatConfigPath } from '../domain/workspace-config.js';
import { parseYamlDocument } from '../domain/yaml-document.js';
import { validateCompPlan, type CompPlan } from './plan.js';
import { applyPlanEdits, type PlanEdit } from './what-if.js';

/**
 * Parses and validates a plan file's text, with what-if edits applied first when given; throws one InputError
 * listing every problem, in file order.
 */
export function parseCompPlanYaml(text: string, file: string, edits: readonly PlanEdit[] = []): CompPlan {
  const document = parseYamlDocument(text, file);
  if (document.value === null || document.value === undefined) {
    throw new InputError({
      message: 'the plan file is empty',
      location: { file },
      fix: 'start from an example plan in docs/compensation.md',
    });
  }
  // A file of another kind (a CSV, prose) reads as YAML text or a list: say what a plan is, not that a value is wrong.
  if (typeof document.value !== 'object' || Array.isArray(document.value)) {
    throw new InputError({
      message:
        'the file is not a plan: a plan is YAML key: value lines (version, name, currency, roles, measures)',
      location: { file },
      fix: 'start from an example plan in examples/comp or docs/compensation.md',
    });
  }
  const edited = applyPlanEdits(document.value, edits);
  const result = validateCompPlan(edited.plan);
  if (result.ok) return result.plan;
  // A problem with a value a --set wrote is the flag's, not the file's: named with the flag and the key.
  const setBy = (path: readonly (string | number)[]) =>
    edits.find((_, index) => {
      const set = edited.paths[index] ?? [];
      return set.length <= path.length && set.every((segment, at) => segment === path[at]);
    });
  const fromFile = result.issues.filter((issue) => !setBy(issue.path));
  const fromFlags = result.issues.flatMap((issue): Problem[] => {
    const edit = setBy(issue.path);
    if (!edit) return [];
    const field = formatConfigPath(issue.path);
    const unknown = issue.message === 'unknown key';
    return [
      {
        message: unknown
          ? `${edit.text}: ${field} is not a parameter of a plan (unknown key)`
          : `${edit.text}: ${field}: ${issue.message}`,
        location: { field: '--set' },
        ...(issue.fix ? { fix: unknown ? issue.fix.replace(/^remove it; /, '') : issue.fix } : {}),
      },
    ];
  });
  const located = document.locate(
    fromFile.map((issue) => {
      const field = formatConfigPath(issue.path);
      const problem: Problem = {
        message: issue.message,
        ...(field ? { location: { field } } : {}),
        ...(issue.fix ? { fix: issue.fix } : {}),
      };
      return { path: issue.path, problem };
    }),
  );
  throw new InputError([...fromFlags, ...located]);
}
