/**
 * The configuration a fresh clone starts with (issue 2, point 1 and 3): `npm start` with no
 * environment serves SQLite from ./data/fieldtest.db on port 8080; PORT, DATABASE_URL and the
 * rate limits change it; bad values fail at start with a message saying what to set.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to SQLite under ./data on port 8080, 100 requests a minute (20 for results)', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBe('sqlite:./data/fieldtest.db');
    expect(config.port).toBe(8080);
    expect(config.publicUrl).toBe('http://localhost:8080');
    expect(config.redisUrl).toBeNull();
    expect(config.bootstrapToken).toBeNull();
    expect(config.rateLimit).toEqual({ perMinute: 100, resultsPerMinute: 20 });
  });

  it('takes PORT, DATABASE_URL, REDIS_URL and the limits from the environment; --port wins over PORT', () => {
    const env = { PORT: '9090', DATABASE_URL: 'postgres://u@127.0.0.1:5432/db', REDIS_URL: 'redis://127.0.0.1:6379', RATE_LIMIT_PER_MINUTE: '7', RATE_LIMIT_RESULTS_PER_MINUTE: '3' };
    expect(loadConfig(env)).toMatchObject({ port: 9090, databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL, rateLimit: { perMinute: 7, resultsPerMinute: 3 } });
    expect(loadConfig(env, { port: 7070 }).port).toBe(7070);
    expect(loadConfig({ DATABASE_URL: 'sqlite:/tmp/x.db' }).databaseUrl).toBe('sqlite:/tmp/x.db');
  });

  it.each([
    [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ RATE_LIMIT_PER_MINUTE: '0' }, 'RATE_LIMIT_PER_MINUTE'],
    [{ FIELDTEST_BOOTSTRAP_TOKEN: 'short' }, 'FIELDTEST_BOOTSTRAP_TOKEN'],
  ])('refuses %o, naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});
