import xml from '@xmpp/xml';
import { unsendableReason } from './unsendable';

describe('unsendableReason', () => {
  const message = (body: string, id = 'web-1') => xml('message', { to: 'bob@localhost', id }, xml('body', {}, body));

  it('passes what XML can carry, markup and emoji included', () => {
    expect(unsendableReason(message('<b>&</b> 안녕 👍'), 10_000)).toBeUndefined();
  });

  it('names U+0000 in a body without repeating the body', () => {
    const reason = unsendableReason(message('x a\u0000b secret'), 10_000)!;
    expect(reason).toBe('the text of <body> holds U+0000 at position 3, which XML cannot carry');
    expect(reason).not.toContain('secret');
  });

  it('finds characters in attributes and in nested elements', () => {
    expect(unsendableReason(message('ok', 'id\uFFFE'), 10_000)).toMatch(/^the id attribute of <message> holds U\+FFFE/);
    const nested = xml('message', {}, xml('forwarded', {}, xml('message', {}, xml('body', {}, 'a\uD800'))));
    expect(unsendableReason(nested, 10_000)).toMatch(/^the text of <body> holds U\+D800/);
  });

  it('refuses a stanza larger than the server accepts, counting UTF-8 bytes after escaping', () => {
    expect(unsendableReason(message('&'.repeat(200)), 1000)).toMatch(/more than the server accepts \(1000\)/);
    expect(unsendableReason(message('é'.repeat(100)), 1000)).toBeUndefined();
  });
});
