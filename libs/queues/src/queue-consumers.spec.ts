import { describe, expect, it } from '@jest/globals';
import { WorkerHost } from '@nestjs/bullmq';
import { QueueName } from './queue-catalogue';
import { consumedQueue, consumerProblems, QueueConsumer, QueueProcessor } from './queue-consumers';

@QueueProcessor(QueueName.PresenceFanout)
class PresenceProcessor extends WorkerHost {
  async process(): Promise<void> {}
}

@QueueConsumer(QueueName.XmppOutbound)
class HandDrainedConsumer {}

describe('queue consumers', () => {
  it('remember the queue each consumer declared', () => {
    expect(consumedQueue(PresenceProcessor)).toBe(QueueName.PresenceFanout);
    expect(consumedQueue(HandDrainedConsumer)).toBe(QueueName.XmppOutbound);
    expect(consumedQueue(class Unmarked {})).toBeUndefined();
    expect(consumedQueue(undefined)).toBeUndefined();
  });

  it('pass when each consumed queue has exactly one consumer', () => {
    expect(
      consumerProblems(
        [QueueName.ChatFanout, QueueName.PresenceFanout],
        [
          { name: 'Chat', queue: QueueName.ChatFanout },
          { name: 'Presence', queue: QueueName.PresenceFanout },
        ],
      ),
    ).toEqual([]);
    expect(consumerProblems([], [])).toEqual([]);
  });

  it('name a consumed queue nobody consumes, and one consumed twice', () => {
    expect(
      consumerProblems(
        [QueueName.ChatFanout, QueueName.PresenceFanout],
        [
          { name: 'Chat', queue: QueueName.ChatFanout },
          { name: 'ChatAgain', queue: QueueName.ChatFanout },
        ],
      ),
    ).toEqual(['chat-fanout has 2 consumers (Chat, ChatAgain); it must have exactly one', 'no consumer of presence-fanout']);
  });

  it('name a consumer of a queue the app does not consume, and a processor declared without the catalogue', () => {
    expect(
      consumerProblems(
        [QueueName.XmppOutbound],
        [
          { name: 'Outbound', queue: QueueName.XmppOutbound },
          { name: 'Stray', queue: QueueName.ChatFanout },
          { name: 'RawProcessor', queue: undefined },
        ],
      ),
    ).toEqual(['Stray consumes chat-fanout, which this app does not consume', 'RawProcessor is a BullMQ processor not declared with QueueProcessor(queue)']);
  });
});
