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
  const result = validateCompPlan(applyPlanEdits(document.value, edits));
  if (result.ok) return result.plan;
  throw new InputError(
    document.locate(
      result.issues.map((issue) => {
        const field = formatConfigPath(issue.path);
        const problem: Problem = {
          message: issue.message,
          ...(field ? { location: { field } } : {}),
          ...(issue.fix ? { fix: issue.fix } : {}),
        };
        return { path: issue.path, problem };
      }),
    ),
  );
}
