/**
 * The API's errors: an {@link HttpError} for 401, 403 and 404, and the one JSON shape every error takes,
 * `{ error: { status, message, problems: [{ message, where, fix }] } }`, where bad input (400) carries the
 * located problems of an InputError as the CLI prints them.
 * @module
 */
import type { z } from 'zod';
import { formatLocation, type InputError, type Problem } from '../domain/errors.js';
import type { errorBodySchema } from './openapi.js';

export class HttpError extends Error {
  constructor(
    readonly status: 401 | 403 | 404 | 405,
    message: string,
    readonly fix: string,
    /** The query parameter, body field or path part it is about, when it is about one. */
    readonly where: string | null = null,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The JSON of every error (its schema is the OpenAPI document's `Error`). */
export type ErrorBody = z.infer<typeof errorBodySchema>;
type ErrorProblem = ErrorBody['error']['problems'][number];

function plainProblem(problem: Problem): ErrorProblem {
  return {
    message: problem.message,
    where: formatLocation(problem.location) || null,
    fix: problem.fix ?? null,
  };
}

export function errorBody(status: number, message: string, problems: ErrorProblem[]): ErrorBody {
  return { error: { status, message, problems } };
}

/** An InputError's body: bad input (400), or a lost update refused (409). */
export function inputErrorBody(error: InputError, status: 400 | 409 = 400): ErrorBody {
  const problems = error.problems.map(plainProblem);
  const message = problems.length === 1 ? problems[0]!.message : `${problems.length} problems in the request`;
  return errorBody(status, message, problems);
}

export function httpErrorBody(error: HttpError): ErrorBody {
  return errorBody(error.status, error.message, [
    { message: error.message, where: error.where, fix: error.fix },
  ]);
}
