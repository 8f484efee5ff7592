import { splitJid } from './jid';

describe('splitJid', () => {
  it('splits a full JID into its parts', () => {
    expect(splitJid('alice@localhost/Gajim.x1')).toEqual({
      local: 'alice',
      domain: 'localhost',
      resource: 'Gajim.x1',
      bare: 'alice@localhost',
      full: 'alice@localhost/Gajim.x1',
    });
  });

  it('starts the resource at the first slash, so it may hold slashes and at signs', () => {
    expect(splitJid('team@conference.localhost/Bob/at@home')).toMatchObject({
      local: 'team',
      domain: 'conference.localhost',
      resource: 'Bob/at@home',
      bare: 'team@conference.localhost',
    });
  });

  it('reads a domain-only JID as a domain, with or without a resource', () => {
    expect(splitJid('conference.localhost')).toEqual({ local: '', domain: 'conference.localhost', resource: '', bare: 'conference.localhost', full: 'conference.localhost' });
    expect(splitJid('localhost/web.abc@x')).toMatchObject({ local: '', domain: 'localhost', resource: 'web.abc@x', bare: 'localhost' });
  });

  it('leaves a bare JID without a resource', () => {
    expect(splitJid('bob@localhost')).toMatchObject({ local: 'bob', domain: 'localhost', resource: '', bare: 'bob@localhost' });
  });

  it('ends the localpart at the first at sign and changes nothing (case, escapes)', () => {
    expect(splitJid('A@b@C')).toMatchObject({ local: 'A', domain: 'b@C' });
    expect(splitJid('o\\27neil@X')).toMatchObject({ local: 'o\\27neil', domain: 'X' });
  });

  it('gives empty parts for what is missing, whatever the input', () => {
    expect(splitJid('@localhost')).toMatchObject({ local: '', domain: 'localhost', bare: '@localhost' });
    expect(splitJid('alice@')).toMatchObject({ local: 'alice', domain: '' });
    expect(splitJid('alice@localhost/')).toMatchObject({ resource: '', bare: 'alice@localhost', full: 'alice@localhost/' });
    expect(splitJid('/nick')).toMatchObject({ local: '', domain: '', resource: 'nick', bare: '' });
    expect(splitJid('')).toEqual({ local: '', domain: '', resource: '', bare: '', full: '' });
  });
});
