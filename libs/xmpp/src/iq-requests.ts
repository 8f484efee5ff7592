import type { Element } from '@xmpp/xml';

/** The separator between a gateway's instance id and its request number (instance ids never contain it). */
const OWNER_SEPARATOR = '~';

export class IqTimeoutError extends Error {
  constructor(to: string, ms: number) {
    super(`no answer from ${to} within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/** An `<iq type="error">` answer (RFC 6120 §8.3): still proof that the addressee read the request. */
export class IqErrorAnswer extends Error {
  constructor(readonly stanza: Element) {
    super(
      `error answer: ${
        stanza
          .getChild('error')
          ?.children.map((c) => (typeof c === 'string' ? c : c.name))
          .join(' ') ?? 'unknown'
      }`,
    );
    this.name = 'StanzaError';
  }
}

interface Pending {
  resolve: (answer: Element) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * The component's own IQ requests (RFC 6120 §8.2.3: an answer carries the request's id). ejabberd routes an answer
 * to the component's domain, not to the connection that asked, so with several gateways on one domain an answer may
 * land on a twin. Each id therefore starts with the asking gateway's instance id, so whoever receives the answer
 * can tell whose it is (`ownerOf`) and pass it on.
 */
export class IqRequests {
  private readonly pending = new Map<string, Pending>();
  private counter = 0;

  constructor(private readonly instance: string) {}

  static ownerOf(id: string): string | undefined {
    const at = id.lastIndexOf(OWNER_SEPARATOR);
    return at > 0 ? id.slice(0, at) : undefined;
  }

  /** Sends `iq` (its id set here) and resolves with the result, rejects with the error answer or on timeout. */
  request(send: (iq: Element) => Promise<void>, iq: Element, timeoutMs: number): Promise<Element> {
    const id = `${this.instance}${OWNER_SEPARATOR}${(this.counter++).toString(36)}`;
    iq.attrs.id = id;
    return new Promise<Element>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new IqTimeoutError(String(iq.attrs.to), timeoutMs));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      send(iq).catch((error: Error) => this.settle(id, () => reject(error)));
    });
  }

  /** Settles the request an answer belongs to; false when it is not one of this process's pending requests. */
  accept(answer: Element): boolean {
    const id = String(answer.attrs.id ?? '');
    if (!this.pending.has(id)) return false;
    if (answer.attrs.type === 'error') this.settle(id, (p) => p.reject(new IqErrorAnswer(answer)));
    else this.settle(id, (p) => p.resolve(answer));
    return true;
  }

  /** Whether an answer was asked for by this process (whether or not it still waits for it). */
  isOwn(answer: Element): boolean {
    return IqRequests.ownerOf(String(answer.attrs.id ?? '')) === this.instance;
  }

  private settle(id: string, how: (p: Pending) => void): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    how(pending);
  }
}
