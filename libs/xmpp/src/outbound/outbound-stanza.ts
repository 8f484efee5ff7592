import xml, { type Element } from '@xmpp/xml';
import type { OutboundStanza } from '@chat/domain';
import { NS } from '../parsing/namespaces';

/** Shown by clients that do not understand XEP-0424, as the XEP suggests. */
export const RETRACTION_FALLBACK = 'This person attempted to retract a previous message, but it is unsupported by your client.';

/** The message as the user's own client would have sent it (jabber:client). */
export function userMessage(stanza: OutboundStanza): Element {
  const type = stanza.conversationKind === 'room' ? 'groupchat' : 'chat';
  const id = 'stanzaId' in stanza ? stanza.stanzaId : undefined;
  const originId = () => xml('origin-id', { xmlns: NS.stanzaId, id });
  const children: Element[] = [];
  switch (stanza.kind) {
    case 'message':
      // markable: desktop clients answer with a displayed marker, which keeps read state in step both ways.
      children.push(xml('body', {}, stanza.body), xml('markable', { xmlns: NS.chatMarkers }), xml('active', { xmlns: NS.chatStates }), originId());
      break;
    case 'correction':
      // active: a correction is a message too (XEP-0085 §5.5); without it clients keep showing "is typing".
      children.push(xml('body', {}, stanza.body), xml('replace', { xmlns: NS.correction, id: stanza.replaces }), xml('active', { xmlns: NS.chatStates }), originId());
      break;
    case 'retraction':
      // XEP-0424 v1 and its older fastening form, which clients of a few years ago still use.
      children.push(
        xml('retract', { xmlns: NS.retract, id: stanza.retracts }),
        xml('apply-to', { xmlns: NS.fasten, id: stanza.retracts }, xml('retract', { xmlns: NS.retractLegacy })),
        xml('fallback', { xmlns: NS.fallback, for: NS.retract }),
        xml('body', {}, RETRACTION_FALLBACK),
        xml('store', { xmlns: NS.hints }),
        originId(),
      );
      break;
    case 'chat-state':
      children.push(xml(stanza.state, { xmlns: NS.chatStates }), xml('no-store', { xmlns: NS.hints }));
      break;
    case 'displayed':
      children.push(xml('displayed', { xmlns: NS.chatMarkers, id: stanza.of }), xml('store', { xmlns: NS.hints }), originId());
      break;
    case 'receipt':
      children.push(xml('received', { xmlns: NS.receipts, id: stanza.of }));
      break;
    default:
      return unknownKind(stanza);
  }
  const to = stanza.kind === 'receipt' && stanza.toResource ? `${stanza.to}/${stanza.toResource}` : stanza.to;
  return xml('message', { xmlns: 'jabber:client', from: stanza.from, to, type, id }, ...children);
}

function unknownKind(stanza: never): never {
  throw new Error(`unknown outbound stanza kind ${(stanza as { kind: string }).kind}`);
}

/** XEP-0356: the server delivers the wrapped message as if the user's client had sent it. */
export function privilegedEnvelope(message: Element, componentDomain: string, serverDomain: string): Element {
  return xml('message', { from: componentDomain, to: serverDomain }, xml('privilege', { xmlns: NS.privilege }, xml('forwarded', { xmlns: NS.forward }, message)));
}

/**
 * The record the gateway journals of what it sent, in the form of a mod_service_log copy: the mirror archives it
 * like any other, and the server's own copies of the same stanza become no-ops.
 */
export function serviceLogCopy(message: Element, componentDomain: string, serverDomain: string): Element {
  return xml('message', { from: serverDomain, to: componentDomain }, xml('forwarded', { xmlns: NS.forward }, message));
}
