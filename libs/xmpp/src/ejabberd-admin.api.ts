import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { GatewayEnv } from '@chat/config';

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

  constructor(config: ConfigService<GatewayEnv, true>) {
    this.baseUrl = config.get('EJABBERD_API_URL', { infer: true }).replace(/\/$/, '');
  }

  /**
   * Every session connected right now. XMPP sends the component no presence when a client's connection just
   * drops, so the mirror compares this list with what it believes.
   */
  async connectedSessions(): Promise<ConnectedSession[]> {
    return (await this.call('connected_users_info', {})) as ConnectedSession[];
  }

  private async call(command: string, args: object): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}/${command}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(args),
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`ejabberd ${command} answered ${response.status}`);
    return response.json();
  }
}
