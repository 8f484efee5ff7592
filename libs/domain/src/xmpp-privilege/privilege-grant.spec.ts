import { missingPrivileges } from './privilege-grant';

describe('missingPrivileges', () => {
  it('is empty when ejabberd granted all we need', () => {
    const grant = { permissions: { message: 'outgoing', roster: 'both', presence: 'roster' }, receivedAt: new Date() };
    expect(missingPrivileges(grant)).toEqual([]);
  });

  it('names each missing or insufficient grant', () => {
    const grant = { permissions: { roster: 'set' }, receivedAt: new Date() };
    expect(missingPrivileges(grant)).toEqual(['message:outgoing', 'roster:get|both', 'presence:managed_entity|roster']);
    expect(missingPrivileges(undefined)).toHaveLength(3);
  });
});
