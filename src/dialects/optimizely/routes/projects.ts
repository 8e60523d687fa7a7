/** /v2/projects and /v2/environments. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { createProject } from '../../../commands/project/create-project.js';
import { getProject, listReadableProjects } from '../../../commands/project/read-projects.js';
import { updateProject } from '../../../commands/project/update-project.js';
import { createEnvironment, getEnvironment, updateEnvironment } from '../../../commands/environment/save-environment.js';
import { listProjectEnvironments } from '../../../commands/targeting/read-targeting.js';
import { invalid } from '../../../core/errors.js';
import { commandContext, expectedVersion } from '../../shared/command-context.js';
import { errorResponses, Id, ProjectIdParam, ProjectIdQuery } from '../schemas/common.js';
import { Environment, EnvironmentInput, Project, ProjectInput } from '../schemas/projects.js';
import { environmentOut, projectOut, settingsIn } from '../map/projects.js';
import { PageQuery, pageOf, setLinks } from '../pagination.js';

const tags = ['Projects'];

export async function projectRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/projects', {
    schema: { operationId: 'listProjects', tags, querystring: Type.Object(PageQuery), response: { 200: Type.Array(Project), ...errorResponses } },
    config: { permission: 'project:read' },
  }, async (request, reply) => {
    const page = pageOf(request.query);
    const result = await listReadableProjects(commandContext(request), page);
    setLinks(request, reply, page, result.total);
    return result.items.map(projectOut);
  });

  r.post('/projects', {
    schema: { operationId: 'createProject', tags, body: ProjectInput, response: { 201: Project, ...errorResponses } },
    config: { permission: 'admin:projects' },
  }, async (request, reply) => {
    const b = request.body;
    if (b.name === undefined) throw invalid('name', 'is required');
    const settings = settingsIn(b.settings);
    const project = await createProject(commandContext(request), {
      name: b.name,
      ...(b.description === undefined ? {} : { description: b.description }),
      ...(b.status === undefined ? {} : { status: b.status }),
      ...(settings ? { settings } : {}),
    });
    return reply.code(201).header('etag', `"${project.version}"`).send(projectOut(project));
  });

  r.get('/projects/:project_id', {
    schema: { operationId: 'getProject', tags, params: ProjectIdParam, response: { 200: Project, ...errorResponses } },
    config: { permission: 'project:read' },
  }, async (request, reply) => {
    const project = await getProject(commandContext(request), request.params.project_id);
    return reply.header('etag', `"${project.version}"`).send(projectOut(project));
  });

  r.patch('/projects/:project_id', {
    schema: { operationId: 'updateProject', tags, params: ProjectIdParam, body: ProjectInput, response: { 200: Project, ...errorResponses } },
    config: { permission: 'project:write' },
  }, async (request, reply) => {
    const b = request.body;
    const settings = settingsIn(b.settings);
    const version = expectedVersion(request, b.version);
    const project = await updateProject(commandContext(request), request.params.project_id, {
      ...(b.name === undefined ? {} : { name: b.name }),
      ...(b.description === undefined ? {} : { description: b.description }),
      ...(b.status === undefined ? {} : { status: b.status }),
      ...(settings ? { settings } : {}),
      ...(version === undefined ? {} : { expectedVersion: version }),
    });
    return reply.header('etag', `"${project.version}"`).send(projectOut(project));
  });

  const envTags = ['Environments'];
  // Read per request: the public URL can be set after the routes are registered.
  const publicUrl = (): string => app.fieldtest.config.publicUrl;

  r.get('/environments', {
    schema: { operationId: 'listEnvironments', tags: envTags, querystring: Type.Object({ ...ProjectIdQuery, ...PageQuery }), response: { 200: Type.Array(Environment), ...errorResponses } },
    config: { permission: 'project:read' },
  }, async (request, reply) => {
    const page = pageOf(request.query);
    const result = await listProjectEnvironments(commandContext(request), request.query.project_id, page);
    setLinks(request, reply, page, result.total);
    return result.items.map((e) => environmentOut(e, publicUrl()));
  });

  r.post('/environments', {
    schema: { operationId: 'createEnvironment', tags: envTags, body: EnvironmentInput, response: { 201: Environment, ...errorResponses } },
    config: { permission: 'project:write' },
  }, async (request, reply) => {
    const b = request.body;
    if (b.project_id === undefined) throw invalid('project_id', 'is required');
    const saved = await createEnvironment(commandContext(request), b.project_id, {
      ...(b.key === undefined ? {} : { key: b.key }),
      ...(b.name === undefined ? {} : { name: b.name }),
      ...(b.is_primary === undefined ? {} : { isPrimary: b.is_primary }),
      ...(b.priority === undefined ? {} : { priority: b.priority }),
      ...(b.archived === undefined ? {} : { archived: b.archived }),
      ...(b.datafile_secure === undefined ? {} : { datafileSecure: b.datafile_secure }),
    });
    return reply.code(201).header('etag', `"${saved.environment.version}"`).send(environmentOut(saved.environment, publicUrl(), saved.datafileAccessToken));
  });

  r.get('/environments/:environment_id', {
    schema: { operationId: 'getEnvironment', tags: envTags, params: Type.Object({ environment_id: Id }), response: { 200: Environment, ...errorResponses } },
    config: { permission: 'project:read' },
  }, async (request, reply) => {
    const env = await getEnvironment(commandContext(request), request.params.environment_id);
    return reply.header('etag', `"${env.version}"`).send(environmentOut(env, publicUrl()));
  });

  r.patch('/environments/:environment_id', {
    schema: { operationId: 'updateEnvironment', tags: envTags, params: Type.Object({ environment_id: Id }), body: EnvironmentInput, response: { 200: Environment, ...errorResponses } },
    config: { permission: 'project:write' },
  }, async (request, reply) => {
    const b = request.body;
    const version = expectedVersion(request, b.version);
    const saved = await updateEnvironment(commandContext(request), request.params.environment_id, {
      ...(b.key === undefined ? {} : { key: b.key }),
      ...(b.name === undefined ? {} : { name: b.name }),
      ...(b.is_primary === undefined ? {} : { isPrimary: b.is_primary }),
      ...(b.priority === undefined ? {} : { priority: b.priority }),
      ...(b.archived === undefined ? {} : { archived: b.archived }),
      ...(b.datafile_secure === undefined ? {} : { datafileSecure: b.datafile_secure }),
      ...(version === undefined ? {} : { expectedVersion: version }),
    });
    return reply.header('etag', `"${saved.environment.version}"`).send(environmentOut(saved.environment, publicUrl(), saved.datafileAccessToken));
  });
}
