/**
 * The only reader of process.env (STYLE.md practice 13). Validated once at start; a bad value
 * fails with a message that says what to set.
 */
export interface Config {
  readonly host: string;
  readonly port: number;
  /** `sqlite:<path>` or `postgres://…`. */
  readonly databaseUrl: string;
  readonly redisUrl: string | null;
  /** Base URL clients reach this server at; used in datafile URLs and pagination links. */
  readonly publicUrl: string;
  readonly bootstrapToken: string | null;
  readonly logLevel: string;
  readonly rateLimit: { readonly perMinute: number; readonly resultsPerMinute: number };
  /** Largest management API request body, bytes. */
  readonly bodyLimit: number;
  /** Largest event batch body, bytes. */
  readonly eventBodyLimit: number;
  /** OAuth 2.0 token lifetimes, seconds (docs/oauth.md). */
  readonly oauth: { readonly accessTokenSeconds: number; readonly refreshTokenSeconds: number };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name}=${raw} is not valid: set it to an integer from ${min} to ${max}`);
  }
  return value;
}

/** Reads and validates the configuration; `overrides` come from command-line flags. */
export function loadConfig(env: Env = process.env, overrides: Partial<Pick<Config, 'port' | 'databaseUrl'>> = {}): Config {
  const port = overrides.port ?? integer(env, 'PORT', 8080, 0, 65535);
  const databaseUrl = overrides.databaseUrl ?? (env.DATABASE_URL || 'sqlite:./data/fieldtest.db');
  if (!/^sqlite:/.test(databaseUrl) && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(
      `DATABASE_URL=${databaseUrl} is not supported: use sqlite:<path> (e.g. sqlite:./data/fieldtest.db) or postgres://user@host:5432/db`,
    );
  }
  const redisUrl = env.REDIS_URL || null;
  if (redisUrl !== null && !/^rediss?:\/\//.test(redisUrl)) {
    throw new ConfigError(`REDIS_URL=${redisUrl} is not a redis:// URL`);
  }
  const host = env.HOST || '0.0.0.0';
  const publicUrl = (env.FIELDTEST_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  const bootstrapToken = env.FIELDTEST_BOOTSTRAP_TOKEN || null;
  if (bootstrapToken !== null && bootstrapToken.length < 20) {
    throw new ConfigError('FIELDTEST_BOOTSTRAP_TOKEN must be at least 20 characters long');
  }
  return {
    host,
    port,
    databaseUrl,
    redisUrl,
    publicUrl,
    bootstrapToken,
    logLevel: env.LOG_LEVEL || 'info',
    rateLimit: {
      perMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 100, 1, 1_000_000),
      resultsPerMinute: integer(env, 'RATE_LIMIT_RESULTS_PER_MINUTE', 20, 1, 1_000_000),
    },
    bodyLimit: integer(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
    eventBodyLimit: integer(env, 'EVENT_BODY_LIMIT_BYTES', 10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    oauth: {
      accessTokenSeconds: integer(env, 'OAUTH_ACCESS_TOKEN_SECONDS', 3600, 60, 86_400),
      refreshTokenSeconds: integer(env, 'OAUTH_REFRESH_TOKEN_SECONDS', 30 * 86_400, 3600, 365 * 86_400),
    },
  };
}
