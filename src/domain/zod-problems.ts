/**
 * A zod failure of a call's arguments (the HTTP API's query or body, an MCP tool's arguments) as located problems
 * in words, each at its field with a fix from the field's description: every problem of the call at once.
 * @module
 */
import { z } from 'zod';
import type { Problem } from './errors.js';

/** How a caller names what it checks. */
export interface ArgumentWords {
  /** One field: `query parameter`, `body field`, `argument`. */
  readonly what: string;
  /** All of them: `query`, `body`, `arguments`. */
  readonly whole: string;
  /** Where the fields are described, e.g. `GET /api/openapi.json`. */
  readonly reference: string;
  /**
   * Whether a problem's message names its field too (`state: not one of ...`, the default), or leaves it to the
   * location, as a tool's problems do (src/mcp/tool.ts TOOL_SYNTAX).
   */
  readonly fieldInMessage?: boolean;
}

/** The fields an object schema takes, with their descriptions. */
export function fieldsOf(schema: z.ZodType): Map<string, string> {
  const json = z.toJSONSchema(schema, { io: 'input' }) as {
    properties?: Record<string, { description?: string }>;
  };
  return new Map(
    Object.entries(json.properties ?? {}).map(([name, field]) => [name, field.description ?? '']),
  );
}

/** A zod type name with its article: `a number`, `an integer`. */
function kindOf(expected: string): string {
  if (expected === 'int') return 'an integer';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** A zod issue in words: what the value should have been, not zod's "Invalid input: expected ...". */
function plainIssue(issue: z.core.$ZodIssue, given: unknown): string {
  if (issue.code === 'invalid_type') {
    return given === undefined ? 'missing' : `${JSON.stringify(given)} is not ${kindOf(issue.expected)}`;
  }
  if (issue.code === 'invalid_value') {
    return `not one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
  }
  if (issue.code === 'too_small' && issue.origin === 'number') {
    const least = String(issue.minimum);
    return issue.inclusive
      ? `${JSON.stringify(given)} is below ${least}, the least it takes`
      : `${JSON.stringify(given)} is not above ${least}`;
  }
  if (issue.code === 'too_big' && issue.origin === 'number') {
    const most = String(issue.maximum);
    return issue.inclusive
      ? `${JSON.stringify(given)} is above ${most}, the most it takes`
      : `${JSON.stringify(given)} is not below ${most}`;
  }
  return issue.message;
}

/** A zod failure of `value` as located problems, each with a fix from the field's description in `fields`. */
export function zodProblems(
  error: z.ZodError,
  fields: ReadonlyMap<string, string>,
  words: ArgumentWords,
  value: unknown,
): Problem[] {
  const { what, whole, reference } = words;
  const given = (path: readonly PropertyKey[]) =>
    path.reduce<unknown>(
      (at, key) =>
        at !== null && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[key] : undefined,
      value,
    );
  const takes = fields.size > 0 ? `it takes ${[...fields.keys()].join(', ')}` : `it takes no ${what}`;
  return error.issues.flatMap((issue): Problem[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        message: `unknown ${what} ${JSON.stringify(key)}`,
        location: { field: key },
        fix: `leave it out; ${takes} (${reference})`,
      }));
    }
    const field = issue.path.map(String).join('.');
    if (!field) {
      // The whole body (or query, or arguments) is of the wrong kind, e.g. an array.
      return [
        {
          message: `the ${whole} is not an object of ${what}s: ${issue.message}`,
          location: { field: whole },
          fix: `send a JSON object; ${takes}`,
        },
      ];
    }
    const description = fields.get(String(issue.path[0] ?? ''));
    return [
      {
        message: `${words.fieldInMessage === false ? '' : `${field}: `}${plainIssue(issue, given(issue.path))}`,
        location: { field },
        fix: description ? `give ${field}: ${description}` : `send ${takes}`,
      },
    ];
  });
}
