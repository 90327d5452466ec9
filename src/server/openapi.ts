/**
 * The API's OpenAPI 3.1 document, generated from the routes' own zod schemas (zod 4's JSON Schema output): the
 * query and body schemas that validate requests, and the response schemas the tests check every answer against
 * (src/server/responses.ts), so that what is validated, answered and described cannot drift apart.
 * @module
 */
import { z } from 'zod';
import { healthResponse } from './responses.js';
import type { Route } from './routes.js';

export const errorBodySchema = z.object({
  error: z.object({
    status: z.number().int().min(400).max(599),
    message: z.string(),
    problems: z.array(
      z.object({
        message: z.string(),
        where: z.string().nullable().describe('the query parameter, body field or path part'),
        fix: z.string().nullable(),
      }),
    ),
  }),
});

type JsonSchema = Record<string, unknown> & {
  readonly properties?: Record<string, Record<string, unknown>>;
  readonly required?: readonly string[];
};

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema => {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { io }) as JsonSchema;
  return rest;
};

const success = (description: string, schema: z.ZodType) => ({
  description,
  content: { 'application/json': { schema: jsonSchema(schema, 'output') } },
});

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function operation(route: Route) {
  const query = jsonSchema(route.query);
  const parameters = [
    ...route.params.map((param) => ({
      name: param.name,
      in: 'path',
      required: true,
      description: param.description,
      schema: { type: 'string' },
    })),
    ...Object.entries(query.properties ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      required: query.required?.includes(name) ?? false,
      ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
      schema,
    })),
  ];
  return {
    summary: route.summary,
    description: `${route.description}\n\nRoles: ${route.roles.join(', ')}.`,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(route.body) } },
          },
        }
      : {}),
    responses: {
      [route.status]: success(route.status === 201 ? 'Created' : 'OK', route.response),
      400: errorResponse('bad input: each problem says where and how to fix it'),
      401: errorResponse('no token, or a token that is unknown or revoked'),
      403: errorResponse('the role may not call this'),
      404: errorResponse('not found, or outside the caller’s scope'),
      405: errorResponse('a method the path does not take (`Allow` lists those it does)'),
      ...(route.conflict ? { 409: errorResponse(route.conflict) } : {}),
      ...(route.body ? { 413: errorResponse('a body larger than 64 KiB') } : {}),
    },
  };
}

/** `/api/comp/statements/:payee` as OpenAPI writes it: `/api/comp/statements/{payee}`. */
const openApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

export function openApiDocument(routes: readonly Route[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[openApiPath(route.path)] = { ...paths[openApiPath(route.path)], [route.method]: operation(route) };
  }
  // The two routes that need no token.
  const open = (summary: string, schema: z.ZodType) => ({
    get: { summary, security: [], responses: { 200: success('OK', schema) } },
  });
  paths['/api/health'] = open('liveness: {"ok":true}, for load balancers', healthResponse);
  paths['/api/openapi.json'] = open(
    'this document',
    z.looseObject({ openapi: z.literal('3.1.0') }).describe('an OpenAPI 3.1 document'),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'salesops HTTP API',
      version,
      description:
        'Pipeline, forecasts and pay, scoped by role on the server. Send `Authorization: Bearer <token>` ' +
        '(`salesops users add` prints one).',
    },
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: jsonSchema(errorBodySchema) },
    },
    paths,
  };
}
