import { createHash } from 'node:crypto';
import { type ConversationRef, directConversation, roomConversation } from '../conversation/conversation';
import type { BareJid } from '../jid/bare-jid';
import { conversationEventId } from '../mirror/activity-id';
import type { ChatState } from '../mirror/mirror-event';
import { assertNever } from '../types/assert-never';

interface Addressing {
  /** The web user on whose behalf the gateway sends. */
  from: BareJid;
  /** The peer of a direct conversation, or the room. */
  to: BareJid;
  conversationKind: 'direct' | 'room';
}

/**
 * One stanza a web user sends into XMPP. `stanzaId` becomes the stanza's id and origin-id: the mirror derives the
 * activity id from it, so the server's copies of the stanza and the gateway's own record of it are one activity.
 */
export type OutboundStanza =
  | (Addressing & { kind: 'message'; stanzaId: string; body: string })
  | (Addressing & { kind: 'correction'; stanzaId: string; replaces: string; body: string })
  | (Addressing & { kind: 'retraction'; stanzaId: string; retracts: string })
  /** `stanzaId` lets the mirror tell the server's copies of one notice from a new notice. */
  | (Addressing & { kind: 'chat-state'; state: ChatState; stanzaId?: string })
  /** XEP-0333: `of` is the id the author's client gave the message that was read. */
  | (Addressing & { kind: 'displayed'; stanzaId: string; of: string })
  /** XEP-0184 §5: the message `of` reached the user; goes to the full JID that asked (`to` + `toResource`). */
  | (Addressing & { kind: 'receipt'; stanzaId: string; of: string; toResource?: string });

/** The conversation an outbound stanza belongs to. */
export function outboundConversation(stanza: OutboundStanza): ConversationRef {
  return stanza.conversationKind === 'room' ? roomConversation(stanza.to) : directConversation(stanza.from, stanza.to);
}

/**
 * The activity id the mirror will give this stanza once it is sent: known before sending, so the sender's
 * acknowledgement carries it. Chat states, markers and receipts are not activities.
 */
export function outboundActivityId(stanza: OutboundStanza): string | undefined {
  const base = { conversation: outboundConversation(stanza), author: { jid: stanza.from }, to: stanza.to, aliases: [], at: new Date(0) };
  switch (stanza.kind) {
    case 'message':
      return conversationEventId({
        ...base,
        clientId: stanza.stanzaId,
        kind: 'message',
        messageType: stanza.conversationKind === 'room' ? 'groupchat' : 'chat',
        body: stanza.body,
      });
    case 'correction':
      return conversationEventId({ ...base, clientId: stanza.stanzaId, kind: 'correction', replaces: stanza.replaces, body: stanza.body });
    case 'retraction':
      return conversationEventId({ ...base, clientId: stanza.stanzaId, kind: 'retraction', retracts: stanza.retracts });
    case 'chat-state':
    case 'displayed':
    case 'receipt':
      return undefined;
    default:
      return assertNever(stanza, 'outbound stanza');
  }
}

/**
 * Stanza ids of web sends are derived from the sender and the client's own key, so a retry with the same key is
 * the same stanza, and two users' keys can never collide in a room (where the id alone keys a message).
 */
export function webStanzaId(sender: BareJid, clientKey: string): string {
  return `web-${createHash('sha256').update(`${sender}\u0000${clientKey}`).digest('base64url').slice(0, 22)}`;
}
