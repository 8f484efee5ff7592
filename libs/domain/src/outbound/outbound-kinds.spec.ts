import { describe, expect, it } from '@jest/globals';
import { OUTBOUND_KINDS } from './outbound-kinds';
import { outboundActivityId, type OutboundStanza } from './outbound-stanza';

const addressing = { from: 'alice@x', to: 'bob@x', conversationKind: 'direct' as const };
const examples: OutboundStanza[] = [
  { ...addressing, kind: 'message', stanzaId: 'web_1', body: 'hi' },
  { ...addressing, kind: 'correction', stanzaId: 'web_2', replaces: 'web_1', body: 'hi!' },
  { ...addressing, kind: 'retraction', stanzaId: 'web_3', retracts: 'web_1' },
  { ...addressing, kind: 'chat-state', state: 'composing' },
  { ...addressing, kind: 'displayed', stanzaId: 'web_4', of: 'web_1' },
  { ...addressing, kind: 'receipt', stanzaId: 'web_5', of: 'web_1' },
] as OutboundStanza[];

describe('outbound kinds', () => {
  it('only a typing notice is live, and only what the person sent is reported when it cannot go out', () => {
    expect(
      Object.entries(OUTBOUND_KINDS)
        .filter(([, r]) => r.live)
        .map(([k]) => k),
    ).toEqual(['chat-state']);
    expect(
      Object.entries(OUTBOUND_KINDS)
        .filter(([, r]) => !r.reported)
        .map(([k]) => k),
    ).toEqual(['chat-state', 'receipt']);
    expect(
      Object.entries(OUTBOUND_KINDS)
        .filter(([, r]) => !r.journaled)
        .map(([k]) => k),
    ).toEqual(['receipt']);
  });

  it('a kind is recorded by the mirror exactly when it has an activity id', () => {
    for (const stanza of examples) expect([stanza.kind, !!OUTBOUND_KINDS[stanza.kind].recordedIn]).toEqual([stanza.kind, !!outboundActivityId(stanza)]);
    expect(OUTBOUND_KINDS.message.recordedIn).toBe('archive');
  });
});
