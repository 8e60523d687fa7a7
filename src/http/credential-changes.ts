/**
 * How a server process learns that credentials (tokens, users, roles) changed elsewhere, for its
 * cache of authenticated tokens (actor-cache.ts): other processes announce their changes on a
 * Redis channel (REDIS_URL), and on SQLite any other connection's commit shows in the file's
 * data_version. The command line announces its `token` changes the same way.
 */
import type { OutsideChanges } from './actor-cache.js';
import { openRedisChannel, type RedisChannel } from './redis-channel.js';

export const CREDENTIALS_CHANNEL = 'fieldtest:credential-changes';

/** A credential change announcement carries nothing: every process drops all it cached. */
export type CredentialChange = Record<string, never>;

export function openCredentialChannel(redisUrl: string, onRemoteChange: () => void, onError: (error: unknown) => void): RedisChannel<CredentialChange> {
  return openRedisChannel<CredentialChange>(redisUrl, CREDENTIALS_CHANNEL, { onMessage: onRemoteChange, onSubscribed: onRemoteChange, onError });
}

/**
 * What the cache may trust. SQLite: processes share one file, so its data_version sees every
 * other writer. PostgreSQL: only the Redis channel, and only while subscribed; without it the
 * cache holds nothing.
 */
export function outsideCredentialChanges(writtenElsewhere: (() => boolean) | null, channel: Pick<RedisChannel<CredentialChange>, 'live'> | null): OutsideChanges {
  if (writtenElsewhere !== null) return () => (writtenElsewhere() ? 'some' : 'none');
  if (channel !== null) return () => (channel.live ? 'none' : 'unknown');
  return () => 'unknown';
}

/** For one-shot processes (the CLI): tells running servers that credentials changed. */
export async function announceCredentialChange(redisUrl: string): Promise<void> {
  const failures: Error[] = [];
  const channel = openCredentialChannel(redisUrl, () => undefined, (error) => failures.push(error instanceof Error ? error : new Error('Redis is unreachable')));
  try {
    await channel.settled;
    if (failures[0]) throw failures[0];
    await channel.publish({});
  } finally {
    await channel.close();
  }
}
