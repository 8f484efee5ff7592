import { WorkerHost } from '@nestjs/bullmq';
import { PresenceRepository } from '@chat/persistence';
import { type JobOf, QueueName, QueueProcessor } from '@chat/queues';
import { ServerEvent, SocketEmitter, toWebPresence } from '@chat/realtime';

/** Sends a user's current badge to the sockets watching it: the latest state, however many changes led there. */
@QueueProcessor(QueueName.PresenceFanout)
export class PresenceFanoutProcessor extends WorkerHost {
  constructor(
    private readonly presences: PresenceRepository,
    private readonly sockets: SocketEmitter,
  ) {
    super();
  }

  async process(job: JobOf<typeof QueueName.PresenceFanout>): Promise<void> {
    const presence = (await this.presences.findMany([job.data.jid])).get(job.data.jid);
    if (!presence) return;
    this.sockets.toPresenceWatchers(presence.jid, ServerEvent.Presence, toWebPresence(presence));
  }
}
