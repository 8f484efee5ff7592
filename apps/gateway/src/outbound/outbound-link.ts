import { Injectable } from '@nestjs/common';
import type { Element } from '@xmpp/xml';
import { XmppComponentConnection } from '@chat/xmpp';
import { SharedExclusiveGate } from './shared-exclusive-gate';

/** The link was down before anything was written: nothing reached the server, and no stanza is to blame. */
export class LinkNotReady extends Error {
  constructor() {
    super('the link is not up');
    this.name = 'LinkNotReady';
  }
}

/**
 * The component link as web sends use it: many sends side by side, each confirmed by a ping the server answers
 * after reading it (one ping covers every stanza written before it, so concurrent sends share one), and suspects
 * sent alone.
 */
@Injectable()
export class OutboundLink {
  private readonly gate = new SharedExclusiveGate();
  private nextConfirmation?: Promise<void>;

  constructor(private readonly connection: XmppComponentConnection) {}

  whenReady(signal: AbortSignal): Promise<void> {
    return this.connection.whenSendingAllowed(signal);
  }

  /**
   * Writes the stanzas in order and resolves once the server has read them all on the link they were written to;
   * throws when the link went first (whether the server read them is then unknown), or LinkNotReady when nothing
   * was written.
   * @param alone nothing else is in flight meanwhile, so a link the server closes is this stanza's doing
   */
  async sendConfirmed(stanzas: Element[], alone: boolean): Promise<void> {
    await this.gate.pass(alone ? 'exclusive' : 'shared', async () => {
      if (!this.connection.canSendOnBehalf) throw new LinkNotReady();
      const link = this.connection.linkNumber;
      for (const stanza of stanzas) await this.connection.send(stanza);
      await (alone ? this.connection.confirm() : this.confirmation());
      // A ping answered on a newer link proves nothing about stanzas written to the old one.
      if (this.connection.linkNumber !== link) throw new Error('the link was replaced before the server confirmed');
    });
  }

  /** A ping sent after everything written so far: callers in the same turn of the event loop share it. */
  private confirmation(): Promise<void> {
    this.nextConfirmation ??= new Promise((resolve) => setImmediate(resolve)).then(() => {
      this.nextConfirmation = undefined;
      return this.connection.confirm();
    });
    return this.nextConfirmation;
  }
}
