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
  ])('rejects %j', (input) => {
    expect(() => toBareJid(input)).toThrow(InvalidJidError);
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
