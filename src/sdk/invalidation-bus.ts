/**
 * Datafile invalidations between server processes, over Redis pub/sub (REDIS_URL): each process
 * publishes the changes its commands commit and drops its cached datafiles when another process
 * publishes one. Subscribing needs a connection of its own (a subscribed ioredis client can do
 * nothing else).
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { DatafileChange } from './datafile-cache.js';

export const INVALIDATION_CHANNEL = 'fieldtest:datafile-changes';

export interface InvalidationBus {
  publish(change: DatafileChange): void;
  close(): Promise<void>;
}

export async function connectInvalidationBus(redisUrl: string, onRemoteChange: (change: DatafileChange) => void, onError: (error: unknown) => void): Promise<InvalidationBus> {
  const origin = randomUUID();
  const publisher = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  const subscriber = new Redis(redisUrl);
  subscriber.on('message', (_channel: string, message: string) => {
    try {
      const parsed = JSON.parse(message) as { origin: string; projectId: number; environmentIds?: number[] };
      if (parsed.origin === origin) return;
      onRemoteChange(parsed.environmentIds ? { projectId: parsed.projectId, environmentIds: parsed.environmentIds } : { projectId: parsed.projectId });
    } catch (error) {
      onError(error);
    }
  });
  await subscriber.subscribe(INVALIDATION_CHANNEL);
  return {
    publish(change) {
      publisher.publish(INVALIDATION_CHANNEL, JSON.stringify({ origin, ...change })).catch(onError);
    },
    async close() {
      await Promise.all([publisher.quit(), subscriber.quit()]);
    },
  };
}
