import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { ZodError, type ZodType, type z } from 'zod';

export type RefusalKind = 'bad-request' | 'forbidden' | 'not-found' | 'too-large' | 'rate-limited' | 'unavailable';

const STATUS: Record<RefusalKind, number> = {
  'bad-request': HttpStatus.BAD_REQUEST,
  forbidden: HttpStatus.FORBIDDEN,
  'not-found': HttpStatus.NOT_FOUND,
  'too-large': HttpStatus.PAYLOAD_TOO_LARGE,
  'rate-limited': HttpStatus.TOO_MANY_REQUESTS,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

/**
 * A request the service will not serve, said the same way on both transports: an HTTP status and
 * `{ error, message }` for REST, `{ error, message }` in the acknowledgement for sockets.
 */
export class RequestRefused extends Error {
  constructor(
    readonly kind: RefusalKind,
    message: string,
  ) {
    super(message);
    this.name = 'RequestRefused';
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

/** What a socket acknowledgement carries when a request is refused. */
export function refusal(error: unknown): { error: string; message: string } {
  if (error instanceof RequestRefused) return { error: error.kind, message: error.message };
  logger.error(`socket request failed: ${(error as Error).message}`);
  return { error: 'internal', message: 'the request could not be served' };
}

/** REST side of RequestRefused. */
@Catch(RequestRefused)
export class RequestRefusedFilter implements ExceptionFilter {
  catch(error: RequestRefused, host: ArgumentsHost): void {
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(STATUS[error.kind])
      .json({ statusCode: STATUS[error.kind], error: error.kind, message: error.message });
  }
}
