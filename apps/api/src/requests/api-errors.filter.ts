import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import { type ErrorAnswer, type ErrorKind, internalError, RequestRefused, STATUS_OF } from './request-refused';

const KIND_OF: Partial<Record<number, ErrorKind>> = Object.fromEntries(Object.entries(STATUS_OF).map(([kind, status]) => [status, kind as ErrorKind]));

/**
 * What body-parser throws (http-errors, `type` like `entity.too.large`). Nest's Express adapter hands it over
 * wrapped in an HttpException (as `cause`) whose message may quote the body, so the answer is built from the type.
 */
interface BodyReadError {
  type: string;
  status: number;
  limit?: number;
}

function isBodyReadError(error: unknown): error is BodyReadError {
  const candidate = error as Partial<BodyReadError> | null;
  return typeof candidate?.type === 'string' && typeof candidate.status === 'number';
}

/**
 * Every REST answer that is not a success, in the one shape the README promises: `{ error, message }` with the
 * matching status (and `Retry-After` on 429). Covers refusals, the bearer guard, body-parser errors (malformed
 * JSON, bodies over the limit), unknown routes (Nest's NotFoundException) and anything unexpected (500, logged
 * without the request's body or query, which may hold message text). Socket requests never come here (Nest applies
 * global filters to HTTP only); they answer through their acknowledgement.
 */
@Catch()
export class ApiErrorsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    if (response.headersSent) {
      // A streamed file failed half way: the status is gone, all that is left is to end the answer.
      response.destroy();
      return;
    }
    // Readiness answers keep terminus's format, which probes and dashboards read ({ status, info, error, details }).
    if (exception instanceof HttpException && request.path.startsWith('/health/')) {
      response.status(exception.getStatus()).json(exception.getResponse());
      return;
    }
    const { status, answer } = this.answerFor(exception, request);
    if (answer.retryAfter !== undefined) response.setHeader('Retry-After', String(answer.retryAfter));
    response.status(status).json(answer);
  }

  private answerFor(exception: unknown, request: Request): { status: number; answer: ErrorAnswer } {
    if (exception instanceof RequestRefused) return { status: STATUS_OF[exception.kind], answer: exception.toAnswer() };
    const cause = exception instanceof HttpException ? exception.cause : exception;
    if (isBodyReadError(cause)) return bodyReadAnswer(cause);
    if (cause instanceof URIError) return { status: HttpStatus.BAD_REQUEST, answer: { error: 'bad-request', message: 'the path is not valid percent-encoding' } };
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === HttpStatus.NOT_FOUND) {
        return { status, answer: { error: 'not-found', message: `there is nothing at ${request.method} ${request.path.slice(0, 200)}` } };
      }
      const kind = KIND_OF[status] ?? (status < 500 ? 'bad-request' : undefined);
      if (kind && kind !== 'internal') return { status, answer: { error: kind, message: exception.message } };
    }
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, answer: internalError(exception, `${request.method} ${request.path.slice(0, 200)}`) };
  }
}

function bodyReadAnswer(error: BodyReadError): { status: number; answer: ErrorAnswer } {
  if (error.type === 'entity.too.large') {
    return { status: HttpStatus.PAYLOAD_TOO_LARGE, answer: { error: 'too-large', message: `the request body is larger than ${error.limit ?? 'the limit of'} bytes` } };
  }
  // Never the parser's own message: a JSON syntax error quotes the body, which may be someone's message text.
  const message = error.type === 'entity.parse.failed' ? 'the request body is not valid JSON' : 'the request body could not be read';
  return { status: HttpStatus.BAD_REQUEST, answer: { error: 'bad-request', message } };
}
