/** What ejabberd granted the component under XEP-0356, as announced right after the handshake. */
export interface PrivilegeGrant {
  /** access (roster, message, presence, iq) → type (both, outgoing, managed_entity, roster, …) */
  permissions: Record<string, string>;
  receivedAt: Date;
}

/** The grants this service cannot work without: mirroring presence, sending on users' behalf, reading rosters. */
export const REQUIRED_PRIVILEGES: ReadonlyArray<readonly [access: string, acceptable: readonly string[]]> = [
  ['message', ['outgoing']],
  ['roster', ['get', 'both']],
  ['presence', ['managed_entity', 'roster']],
];

export function missingPrivileges(grant: PrivilegeGrant | undefined): string[] {
  return REQUIRED_PRIVILEGES.filter(([access, acceptable]) => !acceptable.includes(grant?.permissions[access] ?? '')).map(
    ([access, acceptable]) => `${access}:${acceptable.join('|')}`,
  );
}
