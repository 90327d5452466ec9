/**
 * What every salesops MCP tool shares: the workspace it reads, the `asOf` argument (default: today, said in the
 * result), and the one place a tool's answer or error becomes an MCP result: structured JSON plus a short text
 * summary, or `isError` with the located problems and their fixes, as the CLI prints an InputError.
 * @module
 */
import type { McpServer, ToolCallback } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Dataset } from '../dataset/dataset.js';
import { parseIsoDate, type IsoDate } from '../domain/dates.js';
import {
  type ArgumentSyntax,
  checkArguments,
  type CheckedValues,
  formatLocation,
  InputError,
  shellWord,
} from '../domain/errors.js';
import { fieldsOf, zodProblems } from '../domain/zod-problems.js';
import type { Workspace } from '../workspace/workspace.js';

/** What a tool works on: the open workspace, its dataset of the current data version, and today's date. */
export interface ToolContext {
  readonly workspace: Workspace;
  /** The dataset of the store's current data version (reloaded after an import made a new one). */
  readonly dataset: () => Promise<Dataset>;
  /** Today in UTC: the default `asOf`. The MCP command is the only place that reads the clock. */
  readonly today: () => IsoDate;
  /** A line for the log: stderr, since stdout carries the protocol. */
  readonly log: (line: string) => void;
}

/** What a tool answers: its JSON document and a few lines an assistant can quote. */
export interface ToolAnswer {
  readonly data: Record<string, unknown>;
  readonly summary: string;
}

export const asOfArgument = z
  .string()
  .optional()
  .describe(
    'the day to look from, YYYY-MM-DD: figures are as the data stood at the end of that day (default: today in UTC; the result says which day was used)',
  );

/** JSON literals as a tool's caller writes them: `"asOf": "2026-10-01"`, `["owner", "fiscal_quarter"]`. */
const jsonValues = (values: readonly string[]) =>
  `[${values.map((value) => JSON.stringify(value)).join(', ')}]`;

/**
 * A tool's JSON arguments, the syntax the shared parsers write the tools' problems in: a problem at its argument
 * (named once, as the location), values as JSON (`"by": ["owner", "fiscal_quarter"]`), several values as an
 * array's entries.
 */
export const TOOL_SYNTAX: ArgumentSyntax = {
  name: (argument) => argument,
  problem: (argument, message, fix) => ({
    message,
    location: { field: argument },
    ...(fix === undefined ? {} : { fix }),
  }),
  values: jsonValues,
  separated: 'one to an entry',
  give: (argument, value) =>
    `"${argument}": ${typeof value === 'string' ? JSON.stringify(value) : jsonValues(value)}`,
  entry: (argument) => `entry of "${argument}"`,
};

/** A date argument as a calendar date, or an InputError at the argument naming the form and an example. */
export function dateArgument(name: string, text: string): IsoDate {
  const date = parseIsoDate(text.trim());
  if (date !== null) return date;
  throw new InputError(
    TOOL_SYNTAX.problem(
      name,
      `must be a calendar date YYYY-MM-DD (got ${JSON.stringify(text)})`,
      `pass a day that exists, e.g. ${TOOL_SYNTAX.give(name, '2026-10-01')}${name === 'asOf' ? ', or leave asOf out for today' : ''}`,
    ),
  );
}

/** The day a tool looks from: `asOf` when given (a calendar date), else today. */
export function resolveAsOf(
  text: string | undefined,
  context: ToolContext,
): { readonly asOf: IsoDate; readonly asOfDefaulted: boolean } {
  if (text === undefined) return { asOf: context.today(), asOfDefaulted: true };
  return { asOf: dateArgument('asOf', text), asOfDefaulted: false };
}

/** `as of 2026-11-27 (today)`: the day a summary is about, and whether it was asked for or defaulted. */
export const asOfText = (asOf: IsoDate, defaulted: boolean): string =>
  `as of ${asOf}${defaulted ? ' (today; pass asOf for another day)' : ''}`;

/** A tool's answer as an MCP result: the document as structuredContent, and the summary as text. */
export function answerResult(answer: ToolAnswer): CallToolResult {
  return { content: [{ type: 'text', text: answer.summary }], structuredContent: answer.data };
}

/**
 * A fix's `salesops ...` commands, each in backquotes as fixes write them, with `--workspace <folder>`, so that they
 * run as printed from wherever the assistant runs them: the flag ends the command's words, before any redirection
 * of its output (`salesops mapping suggest deals.csv > mapping.yaml`).
 */
export function inWorkspace(fix: string, folder: string): string {
  const flag = ` --workspace ${shellWord(folder)}`;
  return fix.replace(
    /`(salesops [^`]*)`/g,
    (_whole, command: string) => `\`${command.replace(/(?= [>|])|$/, flag)}\``,
  );
}

/**
 * Bad input as an MCP tool error: each problem with where it is and its fix, as the CLI prints them (the shared
 * parsers wrote them in {@link TOOL_SYNTAX}; the commands a fix suggests name `folder`, the served workspace).
 * Text only: a client checks any structuredContent against the tool's output schema, which describes answers.
 */
export function inputErrorResult(error: InputError, folder: string): CallToolResult {
  const text = error.problems
    .map((problem) => {
      const where = formatLocation(problem.location);
      const fix = problem.fix ? `\n  fix: ${inWorkspace(problem.fix, folder)}` : '';
      return `${where ? `${where}: ` : ''}${problem.message}${fix}`;
    })
    .join('\n');
  return { isError: true, content: [{ type: 'text', text }] };
}

/**
 * Runs a tool: its answer, or its bad input as a tool error; any other failure is a tool error too (the server
 * keeps serving), with its stack in the log.
 */
export async function runTool(
  name: string,
  context: ToolContext,
  work: () => Promise<ToolAnswer>,
): Promise<CallToolResult> {
  const started = process.hrtime.bigint();
  const took = () => `${Number((process.hrtime.bigint() - started) / 1_000_000n)} ms`;
  try {
    const answer = await work();
    context.log(`${name}: ok, ${took()}`);
    return answerResult(answer);
  } catch (error) {
    if (error instanceof InputError) {
      context.log(`${name}: bad input, ${took()}`);
      return inputErrorResult(error, context.workspace.folder);
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    context.log(`${name}: failed, ${took()}\n${detail}`);
    const message = error instanceof Error ? error.message : String(error);
    return {
      isError: true,
      content: [
        {
          type: 'text',
          text: `salesops failed: ${message}\n  fix: see the MCP server's log (stderr) and report it with the tool call`,
        },
      ],
    };
  }
}

/** A tool's arguments as its schema gives them (defaults filled in). */
export type ToolArguments<Shape extends z.ZodRawShape> = z.output<z.ZodObject<Shape>>;

/** A tool's own checks of its arguments, each under the name of the argument it reads. */
export type ArgumentChecks<Shape extends z.ZodRawShape> = { readonly [Name in keyof Shape]?: () => unknown };

/** A tool as {@link registerTool} takes it: what the SDK's registerTool takes, its arguments as a zod shape. */
export interface ToolDefinition<Shape extends z.ZodRawShape, Checks extends ArgumentChecks<Shape>> {
  readonly title: string;
  readonly description: string;
  readonly inputSchema?: Shape;
  /**
   * The checks the schema cannot make (a period, a metric id, a rep in the data), each reading only the argument
   * it is named by: they run on every argument of the right type and range, and their problems come with the
   * schema's, every bad argument at once; the tool's work gets their values.
   */
  readonly check?: (args: ToolArguments<Shape>) => Checks | Promise<Checks>;
  readonly outputSchema: z.ZodType;
  readonly annotations: ToolAnnotations;
}

/** How an argument problem names what it checks. */
const ARGUMENT_WORDS = {
  what: 'argument',
  whole: 'arguments',
  reference: 'the tool’s input schema',
  fieldInMessage: false,
};

/**
 * The arguments the schema takes, one at a time, and the names of those it refuses (every one, when the
 * arguments are not an object): a refused argument is left out, and so is its own check, its problem said.
 */
function argumentsTaken<Shape extends z.ZodRawShape>(
  shape: Shape,
  args: unknown,
  error: z.ZodError,
): { readonly taken: ToolArguments<Shape>; readonly refused: ReadonlySet<string> } {
  const names = Object.keys(shape);
  const refused = new Set(
    error.issues.some((issue) => issue.path.length === 0)
      ? names
      : error.issues.map((issue) => String(issue.path[0])),
  );
  const given = (args ?? {}) as Record<string, unknown>;
  const taken: Record<string, unknown> = {};
  for (const name of names.filter((each) => !refused.has(each))) {
    const parsed = z.safeParse(shape[name]!, given[name]);
    if (parsed.success) taken[name] = parsed.data;
  }
  return { taken: taken as ToolArguments<Shape>, refused };
}

/**
 * Registers a tool whose arguments are checked in our words: a wrong type or range (`"page": 0`, a string for a
 * number) is a tool error at the argument with its fix, together with the problems of the tool's own checks of
 * the other arguments, every bad argument at once, like any other bad input. The SDK checks arguments against
 * the schema it is given, and answers a failure in its own format (zod's issues as JSON), so it is given one
 * that lets any object through, carrying the arguments' JSON Schema as it would have advertised it (types,
 * ranges, defaults, required), and the check runs in {@link runTool}.
 */
export function registerTool<
  Shape extends z.ZodRawShape,
  Checks extends ArgumentChecks<Shape> & Record<string, () => unknown> = Record<never, never>,
>(
  server: McpServer,
  context: ToolContext,
  name: string,
  definition: ToolDefinition<Shape, Checks>,
  work: (args: ToolArguments<Shape>, checked: CheckedValues<Checks>) => Promise<ToolAnswer>,
): void {
  const { check, ...advertisedDefinition } = definition;
  const shape = definition.inputSchema ?? ({} as Shape);
  const schema = z.object(shape);
  const fields = fieldsOf(schema);
  const advertised = z
    .looseObject({})
    .meta(z.toJSONSchema(schema, { io: 'input', target: 'draft-7' }) as z.core.GlobalMeta);
  const callback: ToolCallback<typeof advertised> = (args) =>
    runTool(name, context, async () => {
      const parsed = schema.safeParse(args);
      const { taken, refused }: ReturnType<typeof argumentsTaken<Shape>> = parsed.success
        ? { taken: parsed.data, refused: new Set() }
        : argumentsTaken(shape, args, parsed.error);
      const schemaProblems = parsed.success ? [] : zodProblems(parsed.error, fields, ARGUMENT_WORDS, args);
      const checks = Object.entries((await check?.(taken)) ?? {}).filter(([each]) => !refused.has(each));
      const checked = checkArguments(Object.fromEntries(checks) as Checks, schemaProblems);
      return work(taken, checked);
    });
  server.registerTool(name, { ...advertisedDefinition, inputSchema: advertised }, callback);
}
