import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Pool } from 'pg';
import type { GatewayEnv } from '@chat/config';

/** One row of ejabberd's `archive` table (mod_mam, SQL): a message as one of its parties' archives keeps it. */
export interface ArchivedStanza {
  /** The row's serial id: with the timestamp, a cursor through the archive. */
  id: number;
  /** Microseconds since the epoch, ejabberd's clock, as a decimal string (BIGINT). */
  timestamp: string;
  /** `chat` for a user's archive, `groupchat` for a room's. */
  kind: string;
  /** The message as ejabberd stored it: the sender's stanza with its id, origin-id and body. */
  xml: string;
}

export interface ArchiveCursor {
  timestamp: string;
  id: number;
}

/**
 * ejabberd's own message archive, read-only: what it archived between two instants, whoever was connected. The
 * gateway reads it to close a gap in the service-log copies (ejabberd does not queue copies for an absent
 * component). The rows follow ejabberd 23.01's single-host SQL schema (deploy/ejabberd/archive.sql).
 */
@Injectable()
export class EjabberdArchive implements OnApplicationShutdown {
  private readonly pool: Pool;

  constructor(config: ConfigService<GatewayEnv, true>) {
    this.pool = new Pool({
      connectionString: config.get('EJABBERD_ARCHIVE_URL', { infer: true }),
      max: 2,
      connectionTimeoutMillis: 5000,
      statement_timeout: 30_000,
      application_name: 'chat-backbone-gateway',
    });
    // An idle connection the server closed is replaced on next use; the error must not crash the process.
    this.pool.on('error', () => undefined);
  }

  /** Up to `limit` rows archived in [fromUs, toUs], in archive order, after `cursor` when given. */
  async between(fromUs: bigint, toUs: bigint, cursor: ArchiveCursor | undefined, limit: number): Promise<ArchivedStanza[]> {
    const after = cursor ?? { timestamp: (fromUs - 1n).toString(), id: 0 };
    const { rows } = await this.pool.query<ArchivedStanza>(
      `SELECT id, timestamp::text AS timestamp, kind, xml FROM archive
        WHERE timestamp BETWEEN $1 AND $2 AND (timestamp, id) > ($3::bigint, $4::int)
        ORDER BY timestamp, id LIMIT $5`,
      [fromUs.toString(), toUs.toString(), after.timestamp, after.id, limit],
    );
    return rows;
  }

  /**
   * Whether ejabberd archived a stanza with this id since `sinceMs` (any party's archive): proof that the server
   * routed it. ejabberd writes attributes in single quotes; the id's LIKE wildcards are escaped.
   */
  async holdsStanza(id: string, sinceMs: number): Promise<boolean> {
    const pattern = `%id='${id.replace(/[\\%_]/g, (c) => `\\${c}`)}'%`;
    const { rowCount } = await this.pool.query('SELECT 1 FROM archive WHERE timestamp >= $1 AND xml LIKE $2 LIMIT 1', [(BigInt(Math.floor(sinceMs)) * 1000n).toString(), pattern]);
    return (rowCount ?? 0) > 0;
  }

  /** Throws unless the archive table can be read. */
  async check(): Promise<void> {
    await this.pool.query('SELECT 1 FROM archive LIMIT 1');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}
