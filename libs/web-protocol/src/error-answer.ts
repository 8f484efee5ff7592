/** Every `error` an answer may carry, on REST and in socket acknowledgements. */
export type ErrorKind = 'bad-request' | 'unauthorized' | 'forbidden' | 'not-found' | 'too-large' | 'rate-limited' | 'unavailable' | 'internal';

/** What an answer to a refused request says: the same object on REST (with the status) and in acknowledgements. */
export interface ErrorAnswer {
  error: ErrorKind;
  message: string;
  /** Rate limits: whole seconds until the budget is renewed (REST also sends it as `Retry-After`). */
  retryAfter?: number;
  /** Authentication: why the token was refused. */
  reason?: 'missing' | 'expired' | 'invalid';
}
