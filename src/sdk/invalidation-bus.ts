/**
 * Datafile invalidations between server processes, over Redis pub/sub (REDIS_URL): each process
 * publishes the changes its commands commit and drops its cached datafiles when another process
 * publishes one — or everything, when it (re)subscribes, since changes published while it was
 * not subscribed were lost.
 */
import { openRedisChannel } from '../http/redis-channel.js';
import type { DatafileChange } from './datafile-cache.js';

export const INVALIDATION_CHANNEL = 'fieldtest:datafile-changes';

export interface InvalidationBus {
  publish(change: DatafileChange): void;
  close(): Promise<void>;
}

export async function connectInvalidationBus(
  redisUrl: string,
  onRemoteChange: (change: DatafileChange) => void,
  onError: (error: unknown) => void,
  onResubscribed: () => void = () => undefined,
): Promise<InvalidationBus> {
  let subscriptions = 0;
  const channel = openRedisChannel<DatafileChange>(redisUrl, INVALIDATION_CHANNEL, {
    onMessage: (m) => onRemoteChange(m.environmentIds ? { projectId: m.projectId, environmentIds: m.environmentIds } : { projectId: m.projectId }),
    onSubscribed: () => {
      if (subscriptions++ > 0) onResubscribed();
    },
    onError,
  });
  // Start with the subscription in place when Redis is there; without Redis, start anyway.
  await channel.settled;
  return {
    publish(change) {
      channel.publish(change).catch(onError);
    },
    close: () => channel.close(),
  };
}
