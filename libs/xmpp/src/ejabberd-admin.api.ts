import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { splitJid } from '@chat/domain';

/** What decides whether a web user may join a room. */
export interface RoomPolicy {
  membersOnly: boolean;
  passwordProtected: boolean;
  allowSubscription: boolean;
}

export interface ConnectedSession {
  jid: string;
  status: string;
  statustext?: string;
  priority: number;
}

/** ejabberd's HTTP API (mod_http_api), for what XMPP does not tell a component. */
@Injectable()
export class EjabberdAdminApi {
  private readonly baseUrl: string;

  constructor(config: ConfigService<{ EJABBERD_API_URL: string }, true>) {
    this.baseUrl = config.get('EJABBERD_API_URL', { infer: true }).replace(/\/$/, '');
  }

  /**
   * Every session connected right now. XMPP sends the component no presence when a client's connection just
   * drops, so the mirror compares this list with what it believes.
   */
  async connectedSessions(): Promise<ConnectedSession[]> {
    return (await this.call('connected_users_info', {})) as ConnectedSession[];
  }

  /** Whether the server has this account: a message to an unknown user would only bounce. */
  async accountExists(user: string, host: string): Promise<boolean> {
    // check_account answers 0 for an existing account, 1 otherwise.
    return (await this.call('check_account', { user, host })) === 0;
  }

  /** For the demo's token issuer: whether this is the user's XMPP password. */
  async passwordMatches(user: string, host: string, password: string): Promise<boolean> {
    return (await this.call('check_password', { user, host, password })) === 0;
  }

  /** The room's joining rules, or undefined when there is no such room. Its password is never kept. */
  async roomPolicy(room: string): Promise<RoomPolicy | undefined> {
    const { local: name, domain: service } = splitJid(room);
    const options = (await this.call('get_room_options', { name, service })) as Record<string, string> | Array<{ name: string; value: string }>;
    // ejabberd 23.01 answers a map; other versions a list of pairs.
    const map = Array.isArray(options) ? Object.fromEntries(options.map((o) => [o.name, o.value])) : options;
    if (!map || Object.keys(map).length === 0) return undefined;
    return { membersOnly: map.members_only === 'true', passwordProtected: map.password_protected === 'true', allowSubscription: map.allow_subscription === 'true' };
  }

  /** The user's affiliation with the room: owner, admin, member, outcast or none. */
  async roomAffiliation(room: string, jid: string): Promise<string> {
    const { local: name, domain: service } = splitJid(room);
    const list = (await this.call('get_room_affiliations', { name, service })) as Array<{ username: string; domain: string; affiliation: string }>;
    return list.find((a) => `${a.username}@${a.domain}` === jid)?.affiliation ?? 'none';
  }

  /**
   * MUC/Sub (XEP-0405 style): makes the user a subscriber of the room under `nick`, which lets the component post
   * there on the user's behalf without an occupant session. Subscribing again is harmless.
   */
  async subscribeRoom(user: string, nick: string, room: string): Promise<void> {
    await this.call('subscribe_room', { user, nick, room, nodes: 'urn:xmpp:mucsub:nodes:subject' });
  }

  private async call(command: string, args: object): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}/${command}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(args),
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) {
      const detail = (await response.text().catch(() => '')).slice(0, 200);
      throw new Error(`ejabberd ${command} answered ${response.status}${detail ? `: ${detail}` : ''}`);
    }
    return response.json();
  }
}
