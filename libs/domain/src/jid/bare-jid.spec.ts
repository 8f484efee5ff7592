import { InvalidJidError, isBareJid, toBareJid } from './bare-jid';

describe('toBareJid', () => {
  it('strips the resource and lower-cases', () => {
    expect(toBareJid('Alice@LocalHost/Gajim.x1')).toBe('alice@localhost');
  });

  it('accepts a domain-only JID', () => {
    expect(toBareJid('conference.localhost')).toBe('conference.localhost');
  });

  it.each([
    ['', 'empty'],
    ['@localhost', 'no local'],
    ['a b@localhost', 'forbidden'],
    ["o'neil@localhost", 'forbidden'],
    ['x'.repeat(4000) + '@localhost', 'longer'],
    ['alice@', 'domain'],
    ['alice@localhost@evil', 'forbidden'],
    ['@a@localhost', 'forbidden'],
    ['/resource', 'domain'],
    ['alice@local host', 'forbidden'],
  ])('rejects %j', (input) => {
    expect(() => toBareJid(input)).toThrow(InvalidJidError);
  });

  it('keeps a resource that holds slashes and at signs out of the bare JID', () => {
    expect(toBareJid('team@conference.localhost/Bob/at@home')).toBe('team@conference.localhost');
  });

  it('names the reason', () => {
    expect(() => toBareJid('@localhost')).toThrow('empty localpart');
    expect(() => toBareJid('alice@')).toThrow('Invalid domain.');
    expect(() => toBareJid('a@b@c')).toThrow('forbidden characters');
  });

  // The canonical form every stored key was made with (by @xmpp/jid, before the domain parsed JIDs itself).
  it('escapes every backslash (XEP-0106) when one starts no escape sequence, and keeps escapes as they are', () => {
    expect(toBareJid('Back\\Slash@localhost')).toBe('back\\5cslash@localhost');
    expect(toBareJid('a\\b\\20c@localhost')).toBe('a\\5cb\\5c20c@localhost');
    expect(toBareJid('o\\27Neil@localhost')).toBe('o\\27neil@localhost');
    expect(toBareJid('a\\2F@localhost')).toBe('a\\5c2f@localhost');
  });

  it('tells whether a string is already a canonical bare JID', () => {
    expect(isBareJid('bob@localhost')).toBe(true);
    expect(isBareJid('bob@localhost/web')).toBe(false);
    expect(isBareJid('Bob@localhost')).toBe(false);
  });
});

describe('JIDs that XML cannot carry', () => {
  it.each(['alice@local\u0000host', 'alice@localhost/res\u0001', 'alice@localhost/\uFFFF', 'al\uD800ice@localhost'])('refuses %j', (input) => {
    expect(() => toBareJid(input)).toThrow(InvalidJidError);
  });
});
