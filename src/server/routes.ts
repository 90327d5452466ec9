/**
 * How an API route is declared: its method and path, who may call it, and zod schemas of its query and body.
 * The same schemas validate requests (src/server/app.ts) and describe the API (src/server/openapi.ts), with the
 * schema of the route's answer (src/server/responses.ts).
 * @module
 */
import { z } from 'zod';
import { type IsoDate, parseIsoDate } from '../domain/dates.js';
import type { ApiUser, Role } from './users.js';
import type { WorkspaceData } from '../services/workspace-data.js';

export interface RouteRequest<Query, Body> {
  readonly query: Query;
  readonly body: Body;
  /** Path parameters by name (`:payee` in the path), as sent. */
  readonly params: Readonly<Record<string, string>>;
  /** A request header by name, as sent (e.g. `If-Match`). */
  readonly header: (name: string) => string | undefined;
  readonly user: ApiUser;
  readonly data: WorkspaceData;
  /** The day the request looks from: its `asOf`, else the server's (`serve --as-of`, else today). */
  readonly asOf: IsoDate;
}

/** A route with its types erased, as the app and the OpenAPI document take them. */
export interface Route {
  readonly method: 'get' | 'post';
  /** Hono's path syntax: `/api/comp/statements/:payee`. */
  readonly path: string;
  readonly summary: string;
  readonly description: string;
  /** Who may call it (with a bearer token). */
  readonly roles: readonly Role[];
  readonly query: z.ZodType;
  readonly body: z.ZodType | null;
  /** The shape of a success's JSON (src/server/responses.ts). */
  readonly response: z.ZodType;
  readonly params: readonly { readonly name: string; readonly description: string }[];
  /** The status of a success: 201 for a route that creates something. */
  readonly status: 200 | 201;
  /** When the route answers 409 Conflict, in words (the OpenAPI document's description of it); else null. */
  readonly conflict: string | null;
  /**
   * Whether the route computes in the worker thread (src/server/route-workers.ts), off the event loop: a route
   * whose work grows with the workspace (a forecast, metrics). Its handler reads no header.
   */
  readonly offThread: boolean;
  /**
   * The checks of query fields that need the workspace (a metric id, a period of its fiscal calendar), run by the
   * app beside the schema's so that one answer names every problem of the request; the handler runs them again
   * for their values. Null when the schema checks everything.
   */
  readonly checkQuery: QueryCheck | null;
  readonly handle: (request: RouteRequest<unknown, unknown>) => Promise<unknown>;
}

/**
 * Checks a request's query parameters as sent (before the schema's types), throwing one InputError with every
 * problem it finds; `asOf` is the server's day, the request's own may be one of the problems.
 */
export type QueryCheck = (
  query: Readonly<Record<string, string | undefined>>,
  context: { readonly data: WorkspaceData; readonly asOf: IsoDate },
) => void;

interface RouteDefinition<Query extends z.ZodType, Body extends z.ZodType | null> {
  readonly method: 'get' | 'post';
  readonly path: string;
  readonly summary: string;
  readonly description: string;
  readonly roles: readonly Role[];
  readonly query: Query;
  readonly body?: Body;
  readonly response: z.ZodType;
  readonly params?: Route['params'];
  readonly status?: 200 | 201;
  readonly conflict?: string;
  readonly offThread?: boolean;
  readonly checkQuery?: QueryCheck;
  readonly handle: (
    request: RouteRequest<z.output<Query>, Body extends z.ZodType ? z.output<Body> : undefined>,
  ) => Promise<unknown>;
}

export function route<Query extends z.ZodType, Body extends z.ZodType | null = null>(
  definition: RouteDefinition<Query, Body>,
): Route {
  return {
    ...definition,
    body: definition.body ?? null,
    params: definition.params ?? [],
    status: definition.status ?? 200,
    conflict: definition.conflict ?? null,
    offThread: definition.offThread ?? false,
    checkQuery: definition.checkQuery ?? null,
    // The app validated query and body against the route's own schemas before calling it.
    handle: definition.handle as Route['handle'],
  };
}

/** An empty query: any parameter is refused as unknown. */
export const NO_QUERY = z.strictObject({});

/** An optional calendar date, `YYYY-MM-DD`. */
export const dateField = (description: string) =>
  z
    .string()
    .refine((text) => parseIsoDate(text) !== null, 'not a calendar date YYYY-MM-DD')
    .transform((text) => text as IsoDate)
    .optional()
    .describe(description);

/** `asOf`, the day a read looks from. */
export const asOfField = dateField(
  'the day to look from, YYYY-MM-DD (default: the server’s as-of day, else today)',
);
