import { parse } from 'ltx';
import type { Element } from '@xmpp/xml';
import type { XmppComponentConnection } from '@chat/xmpp';
import { ServerEchoes } from './server-echoes';

/** The component link's stanza listeners, fed by hand. */
class FakeConnection implements Pick<XmppComponentConnection, 'onStanza'> {
  private readonly listeners: Array<(stanza: Element) => void> = [];

  onStanza(listener: (stanza: Element) => void): void {
    this.listeners.push(listener);
  }

  receive(xml: string): void {
    this.listeners.forEach((listener) => listener(parse(xml)));
  }
}

const copy = (id: string) =>
  `<message to="chat.localhost" from="localhost"><forwarded xmlns="urn:xmpp:forward:0"><message from="alice@localhost/web" to="bob@localhost" id="${id}" type="chat"><body>hi</body></message></forwarded></message>`;

function setUp() {
  const connection = new FakeConnection();
  const echoes = new ServerEchoes(connection as unknown as XmppComponentConnection);
  echoes.onModuleInit();
  return { connection, echoes };
}

describe('ServerEchoes', () => {
  it('remembers the ids of web sends the server copied back', () => {
    const { connection, echoes } = setUp();
    expect(echoes.has('web-abc')).toBe(false);
    connection.receive(copy('web-abc'));
    expect(echoes.has('web-abc')).toBe(true);
  });

  it("ignores copies of desktop clients' stanzas and stanzas that are no copies", () => {
    const { connection, echoes } = setUp();
    connection.receive(copy('desktop-1'));
    connection.receive('<message from="alice@localhost/web" to="chat.localhost" id="web-direct"><body>hi</body></message>');
    expect(echoes.has('desktop-1')).toBe(false);
    expect(echoes.has('web-direct')).toBe(false);
  });
});
