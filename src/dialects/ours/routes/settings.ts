/** /rest/v1/experiment-settings: bind web experiments to a project and environment. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { createWebSettings, getWebSettings, listWebSettings, updateWebSettings } from '../../../commands/web/settings.js';
import { commandContext, expectedVersion } from '../../shared/command-context.js';
import { clampLimit, decodeCursor, paginationOf } from '../cursor.js';
import { settingsOut } from '../map/experiments.js';
import { errorResponses, PageQuery, PublicId } from '../schemas/common.js';
import { Settings, SettingsInput, SettingsList } from '../schemas/settings.js';

const tags = ['Experiment settings'];
const Params = Type.Object({ id: PublicId('settings') });

export async function settingsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const out = (request: { server: FastifyInstance }, s: Parameters<typeof settingsOut>[0]) => settingsOut(s, request.server.fieldtest.config.publicUrl);

  r.get('/experiment-settings', {
    schema: { operationId: 'oursListExperimentSettings', tags, querystring: Type.Object(PageQuery), response: { 200: SettingsList, ...errorResponses } },
    config: { permission: 'project:read' },
  }, async (request) => {
    const { cursor, limit } = request.query;
    const after = cursor === undefined ? undefined : await decodeCursor(request, 'settings', cursor);
    const page = await listWebSettings(commandContext(request), { limit: clampLimit(limit), ...(after === undefined ? {} : { after }) });
    return { entities: page.items.map((s) => out(request, s)), pagination: await paginationOf(request, 'settings', { hasMore: page.hasMore, lastId: page.items.at(-1)?.publicId }) };
  });

  r.post('/experiment-settings', {
    schema: { operationId: 'oursCreateExperimentSettings', tags, body: SettingsInput, response: { 201: Settings, ...errorResponses } },
    config: { permission: 'project:write' },
  }, async (request, reply) => {
    const created = await createWebSettings(commandContext(request), request.body);
    return reply.code(201).header('etag', `"${created.version}"`).send(out(request, created));
  });

  r.get('/experiment-settings/:id', {
    schema: { operationId: 'oursGetExperimentSettings', tags, params: Params, response: { 200: Settings, ...errorResponses } },
    config: { permission: 'project:read' },
  }, async (request, reply) => {
    const found = await getWebSettings(commandContext(request), request.params.id);
    return reply.header('etag', `"${found.version}"`).send(out(request, found));
  });

  r.patch('/experiment-settings/:id', {
    schema: { operationId: 'oursUpdateExperimentSettings', tags, params: Params, body: SettingsInput, response: { 200: Settings, ...errorResponses } },
    config: { permission: 'project:write' },
  }, async (request, reply) => {
    const version = expectedVersion(request, request.body.version);
    const updated = await updateWebSettings(commandContext(request), request.params.id, { ...request.body, ...(version === undefined ? {} : { expectedVersion: version }) });
    return reply.header('etag', `"${updated.version}"`).send(out(request, updated));
  });
}
