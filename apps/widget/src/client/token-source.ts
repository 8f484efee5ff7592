/** A token, or a function the host page gives that returns a fresh one (from its own login). */
export type TokenProvider = () => string | Promise<string>;

/**
 * The session's access token. With a provider it is fetched when first needed and again after the server said it
 * expired; a fixed token cannot be renewed, so the session ends when it expires.
 */
export class TokenSource {
  private current: Promise<string> | undefined;

  constructor(private readonly source: string | TokenProvider) {}

  get renewable(): boolean {
    return typeof this.source === 'function';
  }

  token(): Promise<string> {
    if (typeof this.source === 'string') return Promise.resolve(this.source);
    if (!this.current) {
      const provider = this.source;
      this.current = Promise.resolve()
        .then(() => provider())
        .then((token) => {
          if (typeof token !== 'string' || token === '') throw new Error('the token provider returned no token');
          return token;
        });
      // A failed attempt is not remembered: the next connection attempt asks again.
      this.current.catch(() => (this.current = undefined));
    }
    return this.current;
  }

  /** The server refused or expired the token: the next `token()` asks the provider again. */
  invalidate(): void {
    this.current = undefined;
  }
}
