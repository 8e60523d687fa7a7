/**
 * `fieldtest serve | migrate | token create|revoke | openapi | decide`: the command line, and the
 * place the server is started from.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openStore, type Store } from './store/db.js';
import { migrateToLatest } from './store/migrate.js';
import { bootstrapAdministrator, issueTokenForEmail } from './commands/user/save-user.js';
import { parseScopes } from './commands/user/issue-token.js';
import type { SystemContext } from './commands/context.js';
import { isDomainError } from './core/errors.js';
import { OAUTH_USAGE, oauthCommand } from './cli/oauth.js';

const USAGE = `usage:
  fieldtest serve [--port N]                 start the server (migrates the database first)
  fieldtest migrate                          bring the database schema up to date
  fieldtest token create --email E --role R [--project ID] [--scopes a,b] [--name N]
                                             create a user (if new) and a personal token
  fieldtest token revoke --id N              revoke a token
${OAUTH_USAGE}
  fieldtest openapi                          print the OpenAPI document
  fieldtest decide --datafile <file|url> --user ID [--attr k=v]... [--flag KEY] [--reasons]
                                             decide flags for a user on a datafile (fieldtest decide --help)
  fieldtest results rebuild [--experiment ID]
                                             recompute results aggregates from the raw events
roles: administrator, project_owner, editor, viewer
environment: DATABASE_URL (sqlite:./data/fieldtest.db | postgres://…), PORT, REDIS_URL,
             FIELDTEST_BOOTSTRAP_TOKEN, FIELDTEST_PUBLIC_URL, LOG_LEVEL`;

function systemContext(store: Store, config: Config): SystemContext {
  return { db: store.db, clock: () => new Date(), publicUrl: config.publicUrl, publish: () => undefined };
}

async function withStore<T>(config: Config, work: (store: Store) => Promise<T>): Promise<T> {
  const store = openStore(config.databaseUrl);
  try {
    await migrateToLatest(store.db, store.engine);
    return await work(store);
  } finally {
    await store.close();
  }
}

async function serve(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { port: { type: 'string' } } });
  const config = loadConfig(process.env, values.port === undefined ? {} : { port: Number(values.port) });
  // The server's modules load only for the commands that run it: `token …` starts in a blink.
  const [{ default: pino }, { buildApp }] = await Promise.all([import('pino'), import('./app.js')]);
  const logger = pino({ level: config.logLevel });
  const store = openStore(config.databaseUrl);
  const applied = await migrateToLatest(store.db, store.engine);
  if (applied.length) logger.info({ migrations: applied }, 'database migrated');
  const issued = await bootstrapAdministrator(systemContext(store, config), config.bootstrapToken);
  const app = await buildApp({ config, store, logger });
  await app.server.listen({ host: config.host, port: config.port });
  const address = app.server.addresses()[0];
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  // With --port 0 the system picks the port: the default public URL then names the real one.
  const url = config.port === 0 ? config.publicUrl.replace(/:0$/, `:${port}`) : config.publicUrl;
  if (url !== config.publicUrl) Object.assign(app.server.fieldtest.config, { publicUrl: url });
  logger.info({ url, address, port, database: store.engine }, 'fieldtest listening');
  if (issued && config.bootstrapToken === null) {
    process.stdout.write(
      `\nFirst start: created the administrator admin@fieldtest.local. Their personal token (shown once):\n\n  ${issued.secret}\n\n` +
        `Try it:\n  curl -H "Authorization: Bearer ${issued.secret}" ${url}/v2/projects\n\n`,
    );
  } else if (issued) {
    logger.info('first start: FIELDTEST_BOOTSTRAP_TOKEN is the administrator token');
  }
  const stop = async () => {
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

/** Tells running servers that tokens changed (Redis; servers on SQLite also see it in the file). */
async function announceToServers(config: Config): Promise<void> {
  if (config.redisUrl === null) return;
  const { announceCredentialChange } = await import('./http/credential-changes.js');
  await announceCredentialChange(config.redisUrl).catch((error: unknown) =>
    process.stderr.write(`fieldtest: warning: could not announce the change on Redis (${String(error)}); servers cache no tokens while Redis is unreachable\n`),
  );
}

async function token(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  const config = loadConfig();
  if (sub === 'create') {
    const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, role: { type: 'string' }, project: { type: 'string' }, scopes: { type: 'string' }, name: { type: 'string' } } });
    if (!values.email || !values.role) throw new ConfigError('token create needs --email and --role');
    const scopes = parseScopes(values.scopes?.split(',').map((s) => s.trim()).filter(Boolean));
    const issued = await withStore(config, (store) =>
      issueTokenForEmail(systemContext(store, config), {
        email: values.email as string,
        role: values.role as string,
        projectId: values.project === undefined ? undefined : Number(values.project),
        scopes,
        name: values.name,
      }),
    );
    await announceToServers(config);
    process.stdout.write(`created token ${issued.token.id} for ${values.email} (${values.role}${values.project ? ` in project ${values.project}` : ''})\n${issued.secret}\n`);
    return;
  }
  if (sub === 'revoke') {
    const { values } = parseArgs({ args: rest, options: { id: { type: 'string' } } });
    if (!values.id) throw new ConfigError('token revoke needs --id');
    await withStore(config, async (store) => {
      const result = await store.db.updateTable('tokens').set({ revoked_at: new Date().toISOString() }).where('id', '=', Number(values.id)).where('revoked_at', 'is', null).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw new ConfigError(`no live token with id ${values.id}`);
    });
    await announceToServers(config);
    process.stdout.write(`revoked token ${values.id}\n`);
    return;
  }
  throw new ConfigError(USAGE);
}

async function openapi(): Promise<void> {
  const { buildApp } = await import('./app.js');
  const config = { ...loadConfig(), databaseUrl: 'sqlite::memory:' };
  const store = openStore('sqlite::memory:');
  const app = await buildApp({ config, store, logger: false });
  process.stdout.write(`${JSON.stringify(app.server.swagger(), null, 2)}\n`);
  await app.close();
  await store.close();
}

/** `fieldtest decide`: the engine on a datafile file or URL (e.g. a server's /datafiles/{key}.json). */
async function decideCommand(argv: string[]): Promise<void> {
  const [{ runDecide, DecideCliError }, { nodeIo }] = await Promise.all([import('./cli/decide.js'), import('./cli/node-io.js')]);
  try {
    await runDecide(argv, nodeIo);
  } catch (error) {
    if (!(error instanceof DecideCliError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = error.exitCode;
  }
}

/** `fieldtest results rebuild [--experiment ID]`: aggregates recomputed from the event log. */
async function resultsCommand(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  const { values } = parseArgs({ args: rest, options: { experiment: { type: 'string' } } });
  if (sub !== 'rebuild') throw new ConfigError(USAGE);
  const experimentId = values.experiment === undefined ? null : Number(values.experiment);
  if (experimentId !== null && !(Number.isSafeInteger(experimentId) && experimentId > 0)) throw new ConfigError('results rebuild: --experiment takes an experiment id');
  const { rebuildAggregates } = await import('./store/aggregates/rebuild.js');
  const report = await withStore(loadConfig(), (store) => rebuildAggregates(store.db, experimentId));
  if (experimentId !== null && report.experiments === 0) throw new ConfigError(`results rebuild: no experiment ${experimentId}`);
  process.stdout.write(`rebuilt the aggregates of ${report.experiments} experiment${report.experiments === 1 ? '' : 's'} from the event log\n`);
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serve(rest);
      case 'migrate': {
        const config = loadConfig();
        const applied = await withStore(config, async () => []);
        process.stdout.write(`database up to date${applied.length ? '' : ''}\n`);
        return;
      }
      case 'token':
        return await token(rest);
      case 'oauth': {
        const config = loadConfig();
        const done = await withStore(config, (store) => oauthCommand(rest, systemContext(store, config), (line) => process.stdout.write(`${line}\n`)));
        if (!done) throw new ConfigError(USAGE);
        return;
      }
      case 'openapi':
        return await openapi();
      case 'decide':
        return await decideCommand(rest);
      case 'results':
        return await resultsCommand(rest);
      default:
        process.stderr.write(`${USAGE}\n`);
        process.exitCode = command === undefined || command === 'help' || command === '--help' ? 0 : 2;
    }
  } catch (error) {
    if (error instanceof ConfigError || isDomainError(error)) {
      process.stderr.write(`fieldtest: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}
