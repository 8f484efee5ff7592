import { createHash } from 'node:crypto';
import type { Element } from '@xmpp/xml';
import {
  type Author,
  type BareJid,
  type ChatState,
  type ConversationRef,
  directConversation,
  InvalidJidError,
  type MirrorEvent,
  roomConversation,
  splitJid,
  toBareJid,
} from '@chat/domain';
import { NS } from './namespaces';

export interface ParseContext {
  serverDomain: string;
  mucDomain: string;
  componentDomain: string;
  maxBodyLength: number;
  now: Date;
}

/** What to do with one stanza: mirror these events, skip it (expected noise), or reject it (hostile or broken). */
export type ParseOutcome = { events: MirrorEvent[] } | { skip: string } | { reject: string };

const CHAT_STATES = new Set<ChatState>(['active', 'composing', 'paused', 'inactive', 'gone']);
const MAX_STATUS = 1024;
const MAX_ID = 256;

class Rejected extends Error {}

/**
 * Turns a stanza ejabberd routed to the component into mirror events: users' presences (XEP-0356), room occupancy,
 * and the copies mod_service_log forwards of every message users send and receive. Pure: no I/O, no clock but
 * `context.now`.
 */
/**
 * Whether a stanza routed to the component is one the mirror uses: a user's presence (XEP-0356), or a
 * mod_service_log copy of a message. Everything else is noise to it: copies of presences (users' presences reach
 * the component directly as well, and would count every change twice), copies of every iq users send and receive
 * (the reconciler's pings and their answers among them), the component's own iq traffic. The gateway journals only
 * what passes, and the parser skips the rest: one rule for both.
 */
export function isWorthMirroring(stanza: Element): boolean {
  if (stanza.name === 'presence') return true;
  return stanza.name === 'message' && !!stanza.getChild('forwarded', NS.forward)?.getChild('message');
}

export function parseRoutedStanza(stanza: Element, context: ParseContext): ParseOutcome {
  try {
    if (!isWorthMirroring(stanza)) return { skip: `${stanza.name} stanza that is neither a presence nor a copy of a message` };
    if (stanza.name === 'presence') return parseDirectPresence(stanza, context);
    if (stanza.attrs.from !== context.serverDomain) return { reject: `service-log copy from ${String(stanza.attrs.from)}, not the server` };
    return parseMessage(stanza.getChild('forwarded', NS.forward)!.getChild('message')!, context);
  } catch (error) {
    if (error instanceof Rejected || error instanceof InvalidJidError) return { reject: error.message };
    throw error;
  }
}

function parseDirectPresence(stanza: Element, context: ParseContext): ParseOutcome {
  const from = required(stanza, 'from');
  const type = stanza.attrs.type;
  if (type && type !== 'unavailable') return { skip: `presence of type ${type}` };
  const { bare, resource } = splitJid(from);
  const jid = toBareJid(bare);
  const { local, domain } = splitJid(jid);

  if (domain === context.mucDomain) {
    const item = stanza.getChild('x', NS.mucUser)?.getChild('item');
    const real = item?.attrs.jid;
    if (!resource || !real) return { skip: 'room presence without the occupant real JID' };
    return { events: [{ kind: 'room-occupancy', room: jid, jid: toBareJid(real), nick: resource, present: type !== 'unavailable' }] };
  }
  if (domain !== context.serverDomain || !local) return { skip: `presence from ${domain}` };
  if (!resource) return { skip: 'presence without a resource' };

  const priority = Number.parseInt(stanza.getChildText('priority') ?? '0', 10);
  return {
    events: [
      {
        kind: 'presence',
        jid,
        resource: resource.slice(0, MAX_ID),
        available: type !== 'unavailable',
        show: stanza.getChildText('show') ?? undefined,
        status: stanza.getChildText('status')?.slice(0, MAX_STATUS) || undefined,
        priority: Number.isFinite(priority) ? Math.max(-128, Math.min(127, priority)) : 0,
        at: context.now,
      },
    ],
  };
}

function parseMessage(message: Element, context: ParseContext): ParseOutcome {
  const type = message.attrs.type ?? 'normal';
  if (type === 'error' || type === 'headline') return { skip: `message of type ${type}` };
  if (type !== 'chat' && type !== 'normal' && type !== 'groupchat') return { reject: `message of unknown type ${type}` };
  if (message.getChild('sent', NS.carbons) || message.getChild('received', NS.carbons)) return { skip: 'carbon copy' };
  if (message.getChild('result', NS.mam)) return { skip: 'archive query result' };

  const from = required(message, 'from');
  const to = required(message, 'to');
  const route = type === 'groupchat' ? roomRoute(from, to, context) : directRoute(from, to, context);
  if ('skip' in route) return route;

  const body = bodyOf(message);
  if (body !== undefined && body.length > context.maxBodyLength) {
    return { reject: `body of ${body.length} characters exceeds the ${context.maxBodyLength} limit` };
  }
  const at = delayStamp(message) ?? context.now;

  const chatState = message.getChildElements().find((c) => c.attrs.xmlns === NS.chatStates && CHAT_STATES.has(c.name as ChatState));
  const replace = message.getChild('replace', NS.correction)?.attrs.id;
  const retract = retractTarget(message);
  const displayed = message.getChild('displayed', NS.chatMarkers)?.attrs.id;
  if (body === undefined && !retract) {
    // A room reflects markers under the reader's nick; the sender's own copy names them, and is the one used.
    if (displayed && route.author.jid) {
      return { events: [{ kind: 'displayed', conversation: route.conversation, reader: route.author.jid, to: route.to, of: checkedId(displayed), at }] };
    }
    if (chatState && route.author.jid) {
      const id = message.getChild('origin-id', NS.stanzaId)?.attrs.id ?? message.attrs.id;
      const clientId = typeof id === 'string' && id.length > 0 && id.length <= MAX_ID ? id : undefined;
      return {
        events: [
          { kind: 'chat-state', conversation: route.conversation, from: route.author.jid, to: route.to, state: chatState.name as ChatState, ...(clientId ? { clientId } : {}), at },
        ],
      };
    }
    return { skip: 'message without body' };
  }

  const ids = messageIds(message, from, to, body ?? '');
  const base = { conversation: route.conversation, author: route.author, to: route.to, ...ids, at };
  if (retract) return { events: [{ kind: 'retraction', ...base, retracts: checkedId(retract) }] };
  if (!body || body.trim() === '') return { skip: 'empty body' };
  if (replace) return { events: [{ kind: 'correction', ...base, replaces: checkedId(replace), body }] };
  // XEP-0184 §5.4: receipts are for direct messages with an id; a room answers for itself.
  const receiptRequest = type !== 'groupchat' && message.getChild('request', NS.receipts) && message.attrs.id ? { from, id: checkedId(message.attrs.id) } : undefined;
  return { events: [{ kind: 'message', ...base, messageType: type, body, ...(receiptRequest ? { receiptRequest } : {}) }] };
}

interface Route {
  conversation: ConversationRef;
  author: Author;
  to: BareJid;
}

function roomRoute(from: string, to: string, context: ParseContext): Route | { skip: string } {
  const { bare: fromBare, resource: fromResource } = splitJid(from);
  const sender = toBareJid(fromBare);
  if (splitJid(sender).domain === context.mucDomain) {
    // A copy the room reflected to one occupant: the author is known by nick only.
    if (!fromResource) return { skip: 'room message without an author (subject or status)' };
    return { conversation: roomConversation(sender), author: { occupant: `${sender}/${fromResource}` }, to: sender };
  }
  const room = toBareJid(splitJid(to).bare);
  if (splitJid(room).domain !== context.mucDomain) return { skip: `groupchat to ${room}, not a room` };
  return { conversation: roomConversation(room), author: { jid: sender }, to: room };
}

function directRoute(from: string, to: string, context: ParseContext): Route | { skip: string } {
  const sender = toBareJid(splitJid(from).bare);
  const recipient = toBareJid(splitJid(to).bare);
  for (const jid of [sender, recipient]) {
    const { local, domain } = splitJid(jid);
    if (!local) return { skip: `message to or from the service ${jid}` };
    if (domain === context.mucDomain) return { skip: 'private message through a room' };
    if (domain === context.componentDomain) return { skip: 'message to or from the component' };
  }
  if (sender === recipient) return { skip: 'message to oneself' };
  return { conversation: directConversation(sender, recipient), author: { jid: sender }, to: recipient };
}

function messageIds(message: Element, from: string, to: string, body: string): { clientId: string; aliases: string[] } {
  const originId = message.getChild('origin-id', NS.stanzaId)?.attrs.id;
  const stanzaIds = message.getChildren('stanza-id', NS.stanzaId).map((e) => e.attrs.id);
  const id = message.attrs.id;
  // Without any id, identical copies still agree on a digest of what they carry.
  const clientId = checkedId(originId ?? id ?? `noid:${createHash('sha256').update(`${from}\u0000${to}\u0000${body}`).digest('base64url')}`);
  const aliases = [...new Set([id, originId, ...stanzaIds].filter((v): v is string => !!v && v.length <= MAX_ID))];
  return { clientId, aliases };
}

function retractTarget(message: Element): string | undefined {
  const retract = message.getChild('retract', NS.retract);
  if (retract?.attrs.id) return retract.attrs.id;
  const applyTo = message.getChild('apply-to', NS.fasten);
  if (applyTo?.attrs.id && applyTo.getChild('retract', NS.retractLegacy)) return applyTo.attrs.id;
  return undefined;
}

function bodyOf(message: Element): string | undefined {
  const bodies = message.getChildren('body');
  if (bodies.length === 0) return undefined;
  return (bodies.find((b) => !b.attrs['xml:lang']) ?? bodies[0]).getText();
}

function delayStamp(message: Element): Date | undefined {
  const stamp = message.getChild('delay', NS.delay)?.attrs.stamp;
  const date = stamp ? new Date(stamp) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

function required(stanza: Element, attribute: 'from' | 'to'): string {
  const value = stanza.attrs[attribute];
  if (!value) throw new Rejected(`${stanza.name} without a '${attribute}' attribute`);
  return value;
}

function checkedId(id: string): string {
  if (id.length === 0 || id.length > MAX_ID) throw new Rejected(`stanza id of ${id.length} characters`);
  return id;
}
