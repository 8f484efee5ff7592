import xml from '@xmpp/xml';
import { parsePrivilegeGrant, PRIVILEGE_NS } from './privilege-grant.parser';

const announcement = (from: string) =>
  xml(
    'message',
    { from, to: 'chat.localhost' },
    xml(
      'privilege',
      { xmlns: PRIVILEGE_NS },
      xml('perm', { access: 'message', type: 'outgoing' }),
      xml('perm', { access: 'roster', type: 'both' }),
      xml('perm', { access: 'presence', type: 'roster' }),
    ),
  );

describe('parsePrivilegeGrant', () => {
  it('reads each granted permission', () => {
    expect(parsePrivilegeGrant(announcement('localhost'), 'localhost')?.permissions).toEqual({
      message: 'outgoing',
      roster: 'both',
      presence: 'roster',
    });
  });

  it('ignores an announcement that does not come from the server itself', () => {
    expect(parsePrivilegeGrant(announcement('mallory@localhost/x'), 'localhost')).toBeUndefined();
  });

  it('ignores ordinary messages', () => {
    expect(parsePrivilegeGrant(xml('message', { from: 'localhost' }, xml('body', {}, 'hi')), 'localhost')).toBeUndefined();
  });
});
