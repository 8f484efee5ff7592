import { parse } from 'ltx';
import { conversationEventId, outboundActivityId, type OutboundStanza } from '@chat/domain';
import { parseRoutedStanza } from '../parsing/routed-stanza.parser';
import { privilegedEnvelope, serviceLogCopy, userMessage } from './outbound-stanza';

const context = { serverDomain: 'localhost', mucDomain: 'conference.localhost', componentDomain: 'chat.localhost', maxBodyLength: 1000, now: new Date(0) };
const from = 'alice@localhost' as never;

/** What the mirror makes of the gateway's own record of a send. */
function mirrored(stanza: OutboundStanza) {
  const outcome = parseRoutedStanza(parse(serviceLogCopy(userMessage(stanza), 'chat.localhost', 'localhost').toString()), context);
  if (!('events' in outcome)) throw new Error(JSON.stringify(outcome));
  return outcome.events;
}

describe('outbound stanzas', () => {
  it('wraps the user message in a XEP-0356 privilege envelope from the component to the server', () => {
    const envelope = privilegedEnvelope(
      userMessage({ kind: 'message', from, to: 'bob@localhost' as never, conversationKind: 'direct', stanzaId: 'web-1', body: 'hi' }),
      'chat.localhost',
      'localhost',
    );
    expect(envelope.attrs).toMatchObject({ from: 'chat.localhost', to: 'localhost' });
    const inner = envelope.getChild('privilege', 'urn:xmpp:privilege:1')!.getChild('forwarded', 'urn:xmpp:forward:0')!.getChild('message')!;
    expect(inner.attrs).toMatchObject({ xmlns: 'jabber:client', from: 'alice@localhost', to: 'bob@localhost', type: 'chat', id: 'web-1' });
    expect(inner.getChild('origin-id', 'urn:xmpp:sid:0')!.attrs.id).toBe('web-1');
    expect(inner.getChild('markable', 'urn:xmpp:chat-markers:0')).toBeDefined();
  });

  it('is archived under the activity id the sender was promised, in a direct chat and in a room', () => {
    for (const stanza of [
      { kind: 'message', from, to: 'bob@localhost', conversationKind: 'direct', stanzaId: 'web-2', body: 'salut' },
      { kind: 'message', from, to: 'team@conference.localhost', conversationKind: 'room', stanzaId: 'web-3', body: 'bonjour' },
      { kind: 'correction', from, to: 'bob@localhost', conversationKind: 'direct', stanzaId: 'web-4', replaces: 'web-2', body: 'salut !' },
      { kind: 'retraction', from, to: 'team@conference.localhost', conversationKind: 'room', stanzaId: 'web-5', retracts: 'web-3' },
    ] as unknown as OutboundStanza[]) {
      const [event] = mirrored(stanza);
      expect(event.kind).toBe(stanza.kind);
      expect(conversationEventId(event as never)).toBe(outboundActivityId(stanza));
    }
  });

  it('sends typing notices unstored and markers stored, neither with an activity id', () => {
    const typing: OutboundStanza = { kind: 'chat-state', from, to: 'bob@localhost' as never, conversationKind: 'direct', state: 'composing' };
    expect(userMessage(typing).getChild('no-store', 'urn:xmpp:hints')).toBeDefined();
    expect(mirrored(typing)).toEqual([expect.objectContaining({ kind: 'chat-state', state: 'composing' })]);
    const marker: OutboundStanza = { kind: 'displayed', from, to: 'bob@localhost' as never, conversationKind: 'direct', stanzaId: 'web-6', of: 'b-1' };
    expect(mirrored(marker)).toEqual([expect.objectContaining({ kind: 'displayed', reader: 'alice@localhost', of: 'b-1' })]);
    expect(outboundActivityId(typing)).toBeUndefined();
    expect(outboundActivityId(marker)).toBeUndefined();
  });
});
