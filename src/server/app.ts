/**
 * The HTTP API as a Hono app: a log line per request (method, path, status, time, login: never a token or a
 * query string), bearer authentication, the role check of each route, query and body validated by the route's
 * zod schemas, and every error as one JSON shape (src/server/http-errors.ts).
 * @module
 */
import { performance } from 'node:perf_hooks';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { IsoDate } from '../domain/dates.js';
import { checkArguments, commandOnServer, InputError } from '../domain/errors.js';
import { fieldsOf, zodProblems } from '../domain/zod-problems.js';
import { StaleRevisionError } from '../services/forecast.js';
import { API_ROUTES } from './api.js';
import { type Dashboard, serveDashboard } from './dashboard.js';
import { errorBody, HttpError, httpErrorBody, inputErrorBody } from './http-errors.js';
import { openApiDocument } from './openapi.js';
import type { RouteRunner } from './route-workers.js';
import type { Route } from './routes.js';
import { type ApiUser, renewExpiredToken, tokenExpired, UsersChangedError, userOfToken } from './users.js';
import type { WorkspaceData } from '../services/workspace-data.js';

export interface AppOptions {
  readonly data: WorkspaceData;
  /** Where the `offThread` routes compute: a worker thread. */
  readonly workers: RouteRunner;
  /** Where the request log goes, a line at a time. */
  readonly log: (line: string) => void;
  /** The day requests without `asOf` look from, and tokens expire against: `serve --as-of`, else today. */
  readonly asOf: () => IsoDate;
  readonly version: string;
  /** The built web dashboard, answering GET outside /api; null when it is not built. */
  readonly dashboard: Dashboard | null;
}

type Env = { Variables: { login: string } };

function validator(schema: z.ZodType, what: 'query parameter' | 'body field') {
  const fields = fieldsOf(schema);
  const words = { what, whole: what === 'body field' ? 'body' : 'query', reference: 'GET /api/openapi.json' };
  return (value: unknown): unknown => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new InputError(zodProblems(parsed.error, fields, words, value));
    return parsed.data;
  };
}

async function jsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new InputError({
      message: 'the request body is not JSON',
      location: { field: 'body' },
      fix: 'send a JSON object with Content-Type: application/json',
    });
  }
}

/** A query parameter of a route: its description (the fix of a problem with it) and whether it must be given. */
interface QueryParameter {
  readonly description: string;
  readonly required: boolean;
}

function queryParameters(schema: z.ZodType): ReadonlyMap<string, QueryParameter> {
  const { required = [] } = z.toJSONSchema(schema, { io: 'input' }) as { required?: string[] };
  return new Map(
    [...fieldsOf(schema)].map(([name, description]) => [
      name,
      { description, required: required.includes(name) },
    ]),
  );
}

/**
 * The query's parameters, each given once and with a value: a repeated one (`metric=a&metric=b`) is refused rather
 * than one of its values silently dropped, and an empty one (`asOf=`) rather than read as a value it is not, with
 * the fix to leave it out for its default.
 */
function singleQuery(c: Context, parameters: ReadonlyMap<string, QueryParameter>): Record<string, string> {
  const repeated = Object.entries(c.req.queries()).filter(([, values]) => values.length > 1);
  if (repeated.length > 0) {
    throw new InputError(
      repeated.map(([name, values]) => ({
        message: `${name} is given ${values.length} times`,
        location: { field: name },
        fix: `give ${name} once; where it takes a list, comma-separate the values: ${name}=${values.join(',')}`,
      })),
    );
  }
  const query = c.req.query();
  const empty = Object.keys(query).filter((name) => query[name] === '' && parameters.has(name));
  if (empty.length > 0) {
    throw new InputError(
      empty.map((name) => {
        const { description, required } = parameters.get(name)!;
        return {
          message: `${name} is empty`,
          location: { field: name },
          fix: `${required ? '' : `leave ${name} out for its default, or `}give ${name}: ${description}`,
        };
      }),
    );
  }
  return query;
}

/** Bodies are small JSON objects (an adjustment); anything larger is refused before it is read whole. */
const MAX_BODY_BYTES = 64 * 1024;

const BEARER = /^Bearer\s+(\S+)\s*$/i;

async function authenticate(c: Context<Env>, data: WorkspaceData, today: IsoDate): Promise<ApiUser> {
  const match = BEARER.exec(c.req.header('authorization') ?? '');
  if (!match) {
    throw new HttpError(
      401,
      'this needs a bearer token',
      `send \`Authorization: Bearer <token>\` (an admin makes one with ${commandOnServer('users add')})`,
    );
  }
  const user = await userOfToken(data.workspace.store, match[1]!);
  if (!user) {
    throw new HttpError(
      401,
      'the token is unknown or revoked',
      `ask an admin for a new one (${commandOnServer('users add')})`,
    );
  }
  if (tokenExpired(user, today)) {
    throw new HttpError(
      401,
      `the token of ${user.login} expired on ${user.expiresOn ?? ''}`,
      renewExpiredToken(user),
    );
  }
  c.set('login', user.login);
  return user;
}

function mount(app: Hono<Env>, route: Route, options: AppOptions): void {
  const query = validator(route.query, 'query parameter');
  const parameters = queryParameters(route.query);
  const body = route.body ? validator(route.body, 'body field') : null;
  app.on(route.method.toUpperCase(), route.path, async (c) => {
    const user = await authenticate(c, options.data, options.asOf());
    if (!route.roles.includes(user.role)) {
      throw new HttpError(
        403,
        `the ${user.role} role may not call ${route.method.toUpperCase()} ${route.path}`,
        `it is for ${route.roles.join(', ')}`,
      );
    }
    const rawQuery = singleQuery(c, parameters);
    // The schema's problems and the route's own checks (a metric id, a period) answered together.
    const { parsedQuery } = checkArguments({
      parsedQuery: () => query(rawQuery) as { asOf?: IsoDate },
      fields: () => route.checkQuery?.(rawQuery, { data: options.data, asOf: options.asOf() }),
    });
    const parsedBody = body ? body(await jsonBody(c)) : undefined;
    const request = {
      body: parsedBody,
      params: c.req.param(),
      user,
      asOf: parsedQuery.asOf ?? options.asOf(),
    };
    if (route.offThread) {
      // Serialised in the worker: a large answer's JSON.stringify would stop this thread as its computing would.
      const json = await options.workers.run({
        method: route.method,
        path: route.path,
        query: rawQuery,
        ...request,
      });
      return c.body(json, route.status, { 'Content-Type': 'application/json' });
    }
    const result = await route.handle({
      ...request,
      query: parsedQuery,
      header: (name) => c.req.header(name),
      data: options.data,
    });
    return c.json(result, route.status);
  });
}

/** The routes that need no token: they take GET only. */
const OPEN_PATHS = ['/api/health', '/api/openapi.json'];

/** The methods the routes at `path` take (empty for a path no route has). */
function methodsOf(path: string): string[] {
  const matches = (pattern: string) =>
    new RegExp(`^${pattern.replace(/:[A-Za-z]+/g, '[^/]+')}/?$`).test(path);
  const methods = [
    ...API_ROUTES.filter((route) => matches(route.path)).map((route) => route.method.toUpperCase()),
    ...(OPEN_PATHS.some(matches) ? ['GET'] : []),
  ];
  return [...new Set(methods)].sort();
}

export function createApp(options: AppOptions): Hono<Env> {
  const app = new Hono<Env>();
  app.use('*', async (c, next) => {
    const start = performance.now();
    await next();
    const ms = (performance.now() - start).toFixed(1);
    options.log(`${c.req.method} ${c.req.path} ${c.res.status} ${ms}ms ${c.get('login') ?? '-'}`);
  });
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => {
        const message = `the request body is larger than ${MAX_BODY_BYTES / 1024} KiB`;
        return c.json(errorBody(413, message, [{ message, where: 'body', fix: 'send a shorter body' }]), 413);
      },
    }),
  );
  const document = openApiDocument(API_ROUTES, options.version);
  app.get('/api/health', (c) => c.json({ ok: true }));
  app.get('/api/openapi.json', (c) => c.json(document));
  for (const route of API_ROUTES) mount(app, route, options);
  // The web dashboard answers GET outside /api; everything else falls through to the 404 and 405 below.
  app.use('*', serveDashboard(options.dashboard));
  app.notFound((c) => {
    const allowed = methodsOf(c.req.path);
    if (allowed.length > 0) {
      // A route that exists, asked with another method: 405 with the methods it takes.
      c.header('Allow', allowed.join(', '));
      const message = `${c.req.path} takes ${allowed.join(', ')}, not ${c.req.method}`;
      return c.json(
        errorBody(405, message, [{ message, where: null, fix: `send ${allowed.join(' or ')}` }]),
        405,
      );
    }
    return c.json(
      errorBody(404, `no route ${c.req.method} ${c.req.path}`, [
        {
          message: `no route ${c.req.method} ${c.req.path}`,
          where: null,
          fix: 'GET /api/openapi.json lists the routes',
        },
      ]),
      404,
    );
  });
  app.onError((error, c) => {
    if (error instanceof HttpError) {
      if (error.status === 401) c.header('WWW-Authenticate', 'Bearer');
      return c.json(httpErrorBody(error), error.status);
    }
    // A lost update refused (an adjustment of a rep and layer someone else adjusted since the revision it read, a
    // change to the users another admin saved first) is a conflict.
    if (error instanceof StaleRevisionError || error instanceof UsersChangedError) {
      return c.json(inputErrorBody(error, 409), 409);
    }
    if (error instanceof InputError) return c.json(inputErrorBody(error), 400);
    // The detail (an OperationError's, or a bug's stack) goes to the server's log, not to the caller.
    options.log(`error in ${c.req.method} ${c.req.path}: ${error.stack ?? error.message}`);
    return c.json(
      errorBody(500, 'the server failed to answer this request', [
        {
          message: 'the server failed to answer this request',
          where: null,
          fix: 'try again; if it persists, see the server log',
        },
      ]),
      500,
    );
  });
  return app;
}
