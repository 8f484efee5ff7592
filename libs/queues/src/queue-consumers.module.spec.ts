import { describe, expect, it } from '@jest/globals';
import { type BullRegistrar, WorkerHost } from '@nestjs/bullmq';
import type { DiscoveryService } from '@nestjs/core';
import { QueueName } from './queue-catalogue';
import { QueueConsumer, QueueProcessor } from './queue-consumers';
import { QueueConsumersCheck } from './queue-consumers.module';

@QueueProcessor(QueueName.ChatFanout)
class ChatProcessor extends WorkerHost {
  async process(): Promise<void> {}
}

@QueueConsumer(QueueName.ChatFanout)
class SecondChatConsumer {}

class Unrelated {}

/** The providers the app's discovery would list, and a registrar that records whether processors were started. */
function checkWith(expected: QueueName[], types: Array<new () => object>) {
  const providers = types.map((type) => ({ name: type.name, metatype: type, inject: undefined, instance: new type() }));
  const discovery = { getProviders: () => providers } as unknown as DiscoveryService;
  const registrar = {
    registered: 0,
    register() {
      this.registered++;
    },
  };
  return { check: new QueueConsumersCheck(expected, discovery, registrar as unknown as BullRegistrar), registrar };
}

describe('QueueConsumersCheck', () => {
  it('starts the processors once every consumed queue has its one consumer', () => {
    const { check, registrar } = checkWith([QueueName.ChatFanout], [ChatProcessor, Unrelated]);
    check.onModuleInit();
    expect(registrar.registered).toBe(1);
  });

  it('stops the boot before any processor starts when a queue has two consumers', () => {
    const { check, registrar } = checkWith([QueueName.ChatFanout], [ChatProcessor, SecondChatConsumer]);
    expect(() => check.onModuleInit()).toThrow('queue consumers: chat-fanout has 2 consumers (ChatProcessor, SecondChatConsumer); it must have exactly one');
    expect(registrar.registered).toBe(0);
  });

  it('stops the boot when a consumed queue has no consumer', () => {
    const { check, registrar } = checkWith([QueueName.ChatFanout, QueueName.XmppOutbound], [ChatProcessor]);
    expect(() => check.onModuleInit()).toThrow('no consumer of xmpp-outbound');
    expect(registrar.registered).toBe(0);
  });
});
