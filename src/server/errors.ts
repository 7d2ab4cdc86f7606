/**
 * How the API answers a failure, in one place: a UtfallError's kind gives the status, its code
 * the `error` field and, through the shared `errors` namespace, the message in the caller's
 * language; its details go along. Validation failures of a route's schema are `validation`;
 * Fastify's own 4xx (a body over the limit, bad JSON) are worded too; anything else is logged
 * and answered 500 without detail.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { UtfallError, type ErrorKind, type ErrorParams } from '../domain/errors.js';
import { errorMessage } from '../i18n/errors.js';
import { translate, type Translate } from '../i18n/index.js';

export const STATUS: Readonly<Record<ErrorKind, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  notFound: 404,
  methodNotAllowed: 405,
  conflict: 409,
  tooLarge: 413,
  tooMany: 429,
  unavailable: 503,
  internal: 500,
};

/** Workflow states and actions in a message are words of the language, not codes. */
function wordedParams(params: ErrorParams, t: Translate): ErrorParams {
  const worded: ErrorParams = { ...params };
  if (typeof worded.state === 'string') worded.state = t(`server:pages.state.${worded.state}`);
  if (typeof worded.action === 'string') worded.action = t(`server:pages.action.${worded.action}`);
  return worded;
}

/** The body of an error answer. */
export function errorBody(error: UtfallError, t: Translate): Record<string, unknown> {
  const body: Record<string, unknown> = {
    error: error.code,
    message: errorMessage(error, t, 'api', wordedParams(error.params, t)),
  };
  if (error.details !== undefined) {
    body.details = error.details;
    // A conflict also carries both texts at the top, as the narrative editor reads them.
    if (error.kind === 'conflict' && typeof error.details === 'object' && error.details !== null) {
      Object.assign(body, error.details);
    }
  }
  return body;
}

function statusCodeOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return null;
  const status = Number(error.statusCode);
  return Number.isInteger(status) ? status : null;
}

/**
 * A body refused as too large was not read to its end: the rest would be taken for the next
 * request on a keep-alive connection, so the connection is closed after the answer.
 */
function closeAfter(reply: FastifyReply): void {
  void reply.header('connection', 'close');
}

export async function answerError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const t = translate(request.lang);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const refusal = new UtfallError('validation', {}, error.validation);
    return reply.status(STATUS.invalid).send(errorBody(refusal, t));
  }
  if (error instanceof UtfallError) {
    if (error.kind === 'internal') request.log.error(error);
    if (error.kind === 'methodNotAllowed') void reply.header('allow', String(error.params.allow));
    if (error.kind === 'tooLarge') closeAfter(reply);
    return reply.status(STATUS[error.kind]).send(errorBody(error, t));
  }
  const status = statusCodeOf(error);
  if (status === 413) {
    closeAfter(reply);
    return reply.status(413).send(errorBody(new UtfallError('tooLarge'), t));
  }
  if (status !== null && status >= 400 && status < 500) {
    return reply.status(status).send({
      error: 'request',
      message: error instanceof Error ? error.message : String(error),
    });
  }
  request.log.error(error);
  return reply.status(500).send(errorBody(new UtfallError('unexpected'), t));
}
