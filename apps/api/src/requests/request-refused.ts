import { HttpStatus, Logger } from '@nestjs/common';
import type { ZodError, ZodType, z } from 'zod';
import type { ErrorAnswer, ErrorKind } from '@chat/web-protocol';

/** The refusal shape is the web protocol's (libs/web-protocol): the widget reads the same type. */
export type { ErrorAnswer, ErrorKind };
export type RefusalKind = Exclude<ErrorKind, 'internal'>;

export const ERROR_KINDS: readonly ErrorKind[] = ['bad-request', 'unauthorized', 'forbidden', 'not-found', 'too-large', 'rate-limited', 'unavailable', 'internal'];

export const STATUS_OF: Record<ErrorKind, number> = {
  'bad-request': HttpStatus.BAD_REQUEST,
  unauthorized: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  'not-found': HttpStatus.NOT_FOUND,
  'too-large': HttpStatus.PAYLOAD_TOO_LARGE,
  'rate-limited': HttpStatus.TOO_MANY_REQUESTS,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  internal: HttpStatus.INTERNAL_SERVER_ERROR,
};

/**
 * A request the service will not serve, said the same way on both transports: an HTTP status and
 * `{ error, message }` for REST, `{ error, message }` in the acknowledgement for sockets.
 */
export class RequestRefused extends Error {
  constructor(
    readonly kind: RefusalKind,
    message: string,
    readonly details: Pick<ErrorAnswer, 'retryAfter' | 'reason'> = {},
  ) {
    super(message);
    this.name = 'RequestRefused';
  }

  toAnswer(): ErrorAnswer {
    return { error: this.kind, message: this.message, ...this.details };
  }
}

/** Validates untrusted input against a schema; the first problems become one readable message. */
export function parseRequest<S extends ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new RequestRefused('bad-request', describe(result.error));
}

function describe(error: ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

const logger = new Logger('Requests');

/** An error nobody meant to answer with: logged (its stack only at debug), answered without detail. */
export function internalError(error: unknown, what: string): ErrorAnswer {
  const failure = error instanceof Error ? error : new Error(String(error));
  logger.error(`${what} failed: ${failure.name}: ${failure.message}`);
  logger.debug(failure.stack);
  return { error: 'internal', message: 'the request could not be served' };
}

/** What a socket acknowledgement carries when a request is refused. */
export function refusal(error: unknown): ErrorAnswer {
  if (error instanceof RequestRefused) return error.toAnswer();
  return internalError(error, 'socket request');
}
