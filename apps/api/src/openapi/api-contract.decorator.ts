import { applyDecorators, HttpCode } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { ZodType } from 'zod';
import { openApiSchema } from './openapi-schema';

/** The refusals an operation can answer with; each is `{ error, message }` (the ErrorAnswer component). */
export type RefusalStatus = 400 | 401 | 403 | 404 | 413 | 429 | 503;

export const ERROR_ANSWER_REF = '#/components/schemas/ErrorAnswer';

const WHEN: Record<RefusalStatus, string> = {
  400: 'bad-request: a parameter or the body is malformed (the message names it)',
  401: 'unauthorized: no valid access token (`reason`: missing, expired, invalid)',
  403: 'forbidden: not yours (a conversation you do not take part in, a message you did not write, a wrong password)',
  404: 'not-found: no such user, room, message or event',
  413: 'too-large: the body (or a message body) is over the limit',
  429: 'rate-limited: the budget of this minute is spent; retry after `Retry-After` seconds',
  503: 'unavailable: ejabberd cannot be asked right now; try again',
};

export interface OperationContract {
  summary: string;
  description?: string;
  /** Path parameters and the schema each must match. */
  path?: Record<string, ZodType>;
  /** The request schema whose fields (less those in `path`) come from the query string. */
  query?: ZodType;
  body?: ZodType;
  /** The success answer. */
  answer: ZodType;
  /** 200 unless said otherwise; 202 for what is queued for XMPP. */
  status?: 200 | 202;
  refusals: RefusalStatus[];
}

/**
 * Everything the OpenAPI document says about one operation, from the zod schemas that validate it: parameters with
 * their types and patterns, the body, the success answer and every refusal, so the document cannot drift from what
 * the handler accepts. Also sets the success status.
 */
export function ApiContract(contract: OperationContract): MethodDecorator {
  const status = contract.status ?? 200;
  return applyDecorators(
    HttpCode(status),
    ApiOperation({ summary: contract.summary, ...(contract.description ? { description: contract.description } : {}) }),
    ...Object.entries(contract.path ?? {}).map(([name, schema]) => ApiParam({ name, required: true, schema: openApiSchema(schema, 'output') })),
    ...queryParameters(contract.query, Object.keys(contract.path ?? {})).map((parameter) => ApiQuery(parameter)),
    ...(contract.body ? [ApiBody({ required: true, schema: openApiSchema(contract.body) })] : []),
    ApiResponse({ status, description: status === 202 ? 'Queued' : 'OK', schema: openApiSchema(contract.answer, 'output') }),
    ...contract.refusals.map((refused) =>
      ApiResponse({
        status: refused,
        description: WHEN[refused],
        schema: { $ref: ERROR_ANSWER_REF },
        ...(refused === 429 ? { headers: { 'Retry-After': { description: 'seconds until the budget is renewed', schema: { type: 'integer', minimum: 1 } } } } : {}),
      }),
    ),
  );
}

/**
 * One query parameter per field of the request schema: its type after parsing (`limit` is an integer) and
 * required when the client must give it (a field with a default is optional).
 */
function queryParameters(schema: ZodType | undefined, inPath: string[]) {
  if (!schema) return [];
  const parsed = openApiSchema(schema, 'output');
  const sent = openApiSchema(schema, 'input');
  const required = new Set(sent.required ?? []);
  return Object.entries(parsed.properties ?? {})
    .filter(([name]) => !inPath.includes(name))
    .map(([name, property]) => {
      const { description, ...rest } = property as SchemaObject;
      return { name, required: required.has(name), schema: rest, ...(description ? { description } : {}) };
    });
}
