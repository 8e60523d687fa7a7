/**
 * A Redis pub/sub channel between the server processes of one deployment (REDIS_URL): each
 * process publishes what it committed and hears what the others did. Caches that rely on it ask
 * `live` first: while the subscription is down (Redis unreachable, reconnecting) a process cannot
 * hear other processes' changes, so it must not trust what it cached; and every (re)subscription
 * calls `onSubscribed`, because messages published in the gap are lost.
 *
 * Subscribing needs a connection of its own (a subscribed ioredis client can do nothing else).
 * Nothing here blocks start-up: a server starts, and serves, with Redis down.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export interface RedisChannel<T> {
  /** Sends `message` to every other process; fails (rejects) when Redis cannot take it. */
  publish(message: T): Promise<void>;
  /** True while this process is subscribed and so hears every message published from now on. */
  readonly live: boolean;
  /** Settles once subscribed and able to publish, or at the first failure to reach Redis. */
  readonly settled: Promise<void>;
  close(): Promise<void>;
}

export interface ChannelHandlers<T> {
  /** A message from another process (never one's own). */
  readonly onMessage: (message: T) => void;
  /** After each (re)subscription: what was published while unsubscribed is lost. */
  readonly onSubscribed?: () => void;
  /** Connection trouble, once per outage rather than once per retry. */
  readonly onError: (error: unknown) => void;
}

export function openRedisChannel<T extends object>(redisUrl: string, channel: string, handlers: ChannelHandlers<T>): RedisChannel<T> {
  const origin = randomUUID();
  // No offline queue: a publish while Redis is down fails at once instead of waiting for it.
  const publisher = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  const subscriber = new Redis(redisUrl, { autoResubscribe: false });
  let live = false;
  let reported = false;
  // Settled once both connections are usable, or at the first failure to reach Redis.
  let subscribed = () => undefined as void;
  let publishable = () => undefined as void;
  const settled = Promise.all([new Promise<void>((r) => (subscribed = r)), new Promise<void>((r) => (publishable = r))]).then(() => undefined);
  const settle = () => {
    subscribed();
    publishable();
  };
  publisher.once('ready', () => publishable());
  const report = (error: unknown) => {
    settle();
    if (reported) return;
    reported = true;
    handlers.onError(error);
  };
  publisher.on('error', report);
  subscriber.on('error', report);
  subscriber.on('close', () => {
    live = false;
  });
  subscriber.on('ready', () => {
    subscriber.subscribe(channel).then(
      () => {
        live = true;
        reported = false;
        subscribed();
        handlers.onSubscribed?.();
      },
      report,
    );
  });
  subscriber.on('message', (from: string, text: string) => {
    if (from !== channel) return;
    try {
      const { origin: sender, ...message } = JSON.parse(text) as { origin: string } & T;
      if (sender !== origin) handlers.onMessage(message as unknown as T);
    } catch (error) {
      handlers.onError(error);
    }
  });
  return {
    async publish(message) {
      await publisher.publish(channel, JSON.stringify({ ...message, origin }));
    },
    get live() {
      return live;
    },
    settled,
    async close() {
      live = false;
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
