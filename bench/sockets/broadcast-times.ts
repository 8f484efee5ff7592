import type { Redis } from 'ioredis';

/**
 * When each presence broadcast reaches Redis, on the channel the api's Socket.IO adapter listens to: this splits a
 * delivery's latency into the worker's part and the api's (Redis → socket), the part that grows with connections.
 * Change number → ms since epoch it was first seen; the subscriber is returned to be disconnected at the end.
 */
export async function watchBroadcasts(redis: Redis): Promise<{ broadcasts: Map<number, number>; subscriber: Redis }> {
  const broadcasts = new Map<number, number>();
  const subscriber = redis.duplicate();
  await subscriber.psubscribe('socket.io#/#presence:*');
  subscriber.on('pmessageBuffer', (_pattern: Buffer, _channel: Buffer, message: Buffer) => {
    const match = /b\|(\d+)\|/.exec(message.toString('latin1'));
    if (match && !broadcasts.has(Number(match[1]))) broadcasts.set(Number(match[1]), Date.now());
  });
  return { broadcasts, subscriber };
}
