import type { Element } from '@xmpp/xml';
import type { PrivilegeGrant } from '@chat/domain';
import { NS } from './parsing/namespaces';

export const PRIVILEGE_NS = NS.privilege;

/**
 * Reads the XEP-0356 announcement the server sends right after the handshake:
 * `<message from="server"><privilege xmlns="urn:xmpp:privilege:1"><perm access=".." type=".."/>…`.
 * Returns undefined for any other stanza, including one claiming to come from elsewhere.
 */
export function parsePrivilegeGrant(stanza: Element, serverDomain: string, now = new Date()): PrivilegeGrant | undefined {
  if (stanza.name !== 'message' || stanza.attrs.from !== serverDomain) return undefined;
  const privilege = stanza.getChild('privilege', PRIVILEGE_NS);
  if (!privilege) return undefined;
  const permissions: Record<string, string> = {};
  for (const perm of privilege.getChildren('perm')) {
    const { access, type } = perm.attrs as { access?: string; type?: string };
    if (access && type) permissions[access] = type;
  }
  return { permissions, receivedAt: now };
}
