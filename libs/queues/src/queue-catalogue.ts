import type { Job, Queue } from 'bullmq';
import type { BareJid, OutboundStanza } from '@chat/domain';
import type { WebChatState, WebMessage, WebReadMarker } from '@chat/web-protocol';

/** Every BullMQ queue of the system and the payload of its jobs: producers and consumers share these types. */
export const QueueName = {
  /** gateway → worker: an archived message event, or a live chat state, to deliver to the conversation's members. */
  ChatFanout: 'chat-fanout',
  /** gateway → worker: a user's badge changed; coalesced per user, the worker sends the latest state. */
  PresenceFanout: 'presence-fanout',
  /** api → gateway: what web users say, sent into XMPP on their behalf, one at a time in order. */
  XmppOutbound: 'xmpp-outbound',
} as const;

export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export type ChatFanoutJob =
  /** One conversation's message events from one mirrored batch, in the server's order. */
  | { kind: 'messages'; conversationId: string; conversationKind: 'direct' | 'room'; events: WebMessage[] }
  | { kind: 'chat-state'; conversationId: string; conversationKind: 'direct' | 'room'; event: WebChatState }
  | { kind: 'read'; conversationId: string; conversationKind: 'direct' | 'room'; event: WebReadMarker };

export interface PresenceFanoutJob {
  jid: BareJid;
}

/** One stanza a web user sends, in the order the gateway must send it. */
export type XmppOutboundJob = OutboundStanza;

/** Each queue's payload: producers take their queue as `QueueOf<name>`, processors their jobs as `JobOf<name>`. */
export interface JobPayloads {
  [QueueName.ChatFanout]: ChatFanoutJob;
  [QueueName.PresenceFanout]: PresenceFanoutJob;
  [QueueName.XmppOutbound]: XmppOutboundJob;
}

/** A queue of the catalogue, typed by the payload of its jobs. */
export type QueueOf<Q extends QueueName> = Queue<JobPayloads[Q]>;

/** A job of a catalogue queue, as its processor receives it. */
export type JobOf<Q extends QueueName> = Job<JobPayloads[Q]>;
