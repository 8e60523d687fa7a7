/**
 * `fieldtest oauth client create|list|delete`: registering third-party apps from the command
 * line, against the database the server uses (docs/oauth.md).
 */
import { parseArgs } from 'node:util';
import type { SystemContext } from '../commands/context.js';
import { registerClient, removeClient } from '../commands/oauth/save-client.js';
import { listClients } from '../commands/oauth/read-clients.js';
import { invalid } from '../core/errors.js';

export const OAUTH_USAGE = `  fieldtest oauth client create --name N --redirect-uri URI [--redirect-uri URI]... [--scopes a,b]
                             [--public] [--service-role R [--service-project ID]]
                                             register an app; prints its client_id and secret (shown once)
  fieldtest oauth client list                list registered apps
  fieldtest oauth client delete --client-id ID
                                             remove an app with all its grants and tokens`;

export async function oauthCommand(argv: string[], ctx: SystemContext, out: (line: string) => void): Promise<boolean> {
  const [noun, verb, ...rest] = argv;
  if (noun !== 'client') return false;
  if (verb === 'create') {
    const { values } = parseArgs({
      args: rest,
      options: {
        name: { type: 'string' },
        'redirect-uri': { type: 'string', multiple: true },
        scopes: { type: 'string' },
        public: { type: 'boolean' },
        'service-role': { type: 'string' },
        'service-project': { type: 'string' },
      },
    });
    const serviceRole = values['service-role'];
    const project = values['service-project'];
    if (project !== undefined && !/^\d+$/.test(project)) throw invalid('--service-project', 'must be a project id');
    const created = await registerClient(ctx, {
      name: values.name,
      redirectUris: values['redirect-uri'] ?? [],
      allowedScopes: values.scopes?.split(',').map((s) => s.trim()).filter(Boolean),
      confidential: values.public !== true,
      serviceAccount: serviceRole === undefined ? null : { role: serviceRole, ...(project === undefined ? {} : { projectId: Number(project) }) },
    }, null);
    out(`registered ${created.client.confidential ? 'confidential' : 'public'} client "${created.client.name}" (scopes: ${created.client.allowedScopes.join(' ')})`);
    out(`client_id=${created.client.clientId}`);
    if (created.secret !== undefined) out(`client_secret=${created.secret}`);
    return true;
  }
  if (verb === 'list') {
    const page = await listClients(ctx, { page: 1, perPage: 100 });
    for (const { client } of page.items) out(`${client.clientId}\t${client.confidential ? 'confidential' : 'public'}\t${client.name}\t${client.redirectUris.join(' ')}`);
    return true;
  }
  if (verb === 'delete') {
    const { values } = parseArgs({ args: rest, options: { 'client-id': { type: 'string' } } });
    if (!values['client-id']) throw invalid('--client-id', 'is required');
    await removeClient(ctx, values['client-id']);
    out(`deleted client ${values['client-id']}`);
    return true;
  }
  return false;
}
