/** /v2/audiences, /v2/attributes, /v2/events and the read-only /v2/features. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { createAttribute, getAttribute, updateAttribute } from '../../../commands/targeting/attributes.js';
import { createAudience, getAudience, updateAudience } from '../../../commands/targeting/audiences.js';
import { createEvent, getEvent, updateEvent } from '../../../commands/targeting/events.js';
import { listProjectAttributes, listProjectAudiences, listProjectEvents } from '../../../commands/targeting/read-targeting.js';
import { getFeature, listFeatures } from '../../../commands/flag/read-flags.js';
import { invalid } from '../../../core/errors.js';
import { commandContext, expectedVersion } from '../../shared/command-context.js';
import { errorResponses, Id, ProjectIdQuery } from '../schemas/common.js';
import { Attribute, AttributeInput, Audience, AudienceInput, Event, EventInput, Feature } from '../schemas/targeting.js';
import { attributeOut, audienceOut, eventOut, featureOut } from '../map/targeting.js';
import { PageQuery, pageOf, setLinks } from '../pagination.js';

const ListQuery = Type.Object({ ...ProjectIdQuery, ...PageQuery });

function projectIdOf(body: { project_id?: number }): number {
  if (body.project_id === undefined) throw invalid('project_id', 'is required');
  return body.project_id;
}

export async function targetingRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  // Audiences
  const at = ['Audiences'];
  const AudienceParams = Type.Object({ audience_id: Id });
  r.get('/audiences', { schema: { operationId: 'listAudiences', tags: at, querystring: ListQuery, response: { 200: Type.Array(Audience), ...errorResponses } }, config: { permission: 'flag:read' } }, async (request, reply) => {
    const page = pageOf(request.query);
    const result = await listProjectAudiences(commandContext(request), request.query.project_id, page);
    setLinks(request, reply, page, result.total);
    return result.items.map(audienceOut);
  });
  r.post('/audiences', { schema: { operationId: 'createAudience', tags: at, body: AudienceInput, response: { 201: Audience, ...errorResponses } }, config: { permission: 'flag:write' } }, async (request, reply) => {
    const b = request.body;
    const audience = await createAudience(commandContext(request), projectIdOf(b), { name: b.name, description: b.description, conditions: b.conditions, archived: b.archived });
    return reply.code(201).header('etag', `"${audience.version}"`).send(audienceOut(audience));
  });
  r.get('/audiences/:audience_id', { schema: { operationId: 'getAudience', tags: at, params: AudienceParams, response: { 200: Audience, ...errorResponses } }, config: { permission: 'flag:read' } }, async (request, reply) => {
    const audience = await getAudience(commandContext(request), request.params.audience_id);
    return reply.header('etag', `"${audience.version}"`).send(audienceOut(audience));
  });
  r.patch('/audiences/:audience_id', { schema: { operationId: 'updateAudience', tags: at, params: AudienceParams, body: AudienceInput, response: { 200: Audience, ...errorResponses } }, config: { permission: 'flag:write' } }, async (request, reply) => {
    const b = request.body;
    const audience = await updateAudience(commandContext(request), request.params.audience_id, { name: b.name, description: b.description, conditions: b.conditions, archived: b.archived, expectedVersion: expectedVersion(request, b.version) });
    return reply.header('etag', `"${audience.version}"`).send(audienceOut(audience));
  });

  // Attributes (the contract lists them; create and update exist because audiences need them)
  const tt = ['Attributes'];
  const AttributeParams = Type.Object({ attribute_id: Id });
  r.get('/attributes', { schema: { operationId: 'listAttributes', tags: tt, querystring: ListQuery, response: { 200: Type.Array(Attribute), ...errorResponses } }, config: { permission: 'flag:read' } }, async (request, reply) => {
    const page = pageOf(request.query);
    const result = await listProjectAttributes(commandContext(request), request.query.project_id, page);
    setLinks(request, reply, page, result.total);
    return result.items.map(attributeOut);
  });
  r.post('/attributes', { schema: { operationId: 'createAttribute', tags: tt, body: AttributeInput, response: { 201: Attribute, ...errorResponses } }, config: { permission: 'flag:write' } }, async (request, reply) => {
    const b = request.body;
    const attribute = await createAttribute(commandContext(request), projectIdOf(b), { key: b.key, name: b.name, description: b.description, archived: b.archived });
    return reply.code(201).header('etag', `"${attribute.version}"`).send(attributeOut(attribute));
  });
  r.get('/attributes/:attribute_id', { schema: { operationId: 'getAttribute', tags: tt, params: AttributeParams, response: { 200: Attribute, ...errorResponses } }, config: { permission: 'flag:read' } }, async (request, reply) => {
    const attribute = await getAttribute(commandContext(request), request.params.attribute_id);
    return reply.header('etag', `"${attribute.version}"`).send(attributeOut(attribute));
  });
  r.patch('/attributes/:attribute_id', { schema: { operationId: 'updateAttribute', tags: tt, params: AttributeParams, body: AttributeInput, response: { 200: Attribute, ...errorResponses } }, config: { permission: 'flag:write' } }, async (request, reply) => {
    const b = request.body;
    const attribute = await updateAttribute(commandContext(request), request.params.attribute_id, { key: b.key, name: b.name, description: b.description, archived: b.archived, expectedVersion: expectedVersion(request, b.version) });
    return reply.header('etag', `"${attribute.version}"`).send(attributeOut(attribute));
  });

  // Events (conversion events metrics are defined on)
  const et = ['Events'];
  const EventParams = Type.Object({ event_id: Id });
  r.get('/events', { schema: { operationId: 'listEvents', tags: et, querystring: ListQuery, response: { 200: Type.Array(Event), ...errorResponses } }, config: { permission: 'experiment:read' } }, async (request, reply) => {
    const page = pageOf(request.query);
    const result = await listProjectEvents(commandContext(request), request.query.project_id, page);
    setLinks(request, reply, page, result.total);
    return result.items.map(eventOut);
  });
  r.post('/events', { schema: { operationId: 'createEvent', tags: et, body: EventInput, response: { 201: Event, ...errorResponses } }, config: { permission: 'experiment:write' } }, async (request, reply) => {
    const b = request.body;
    const event = await createEvent(commandContext(request), projectIdOf(b), { key: b.key, name: b.name, description: b.description, eventType: b.event_type, category: b.category, archived: b.archived });
    return reply.code(201).header('etag', `"${event.version}"`).send(eventOut(event));
  });
  r.get('/events/:event_id', { schema: { operationId: 'getEvent', tags: et, params: EventParams, response: { 200: Event, ...errorResponses } }, config: { permission: 'experiment:read' } }, async (request, reply) => {
    const event = await getEvent(commandContext(request), request.params.event_id);
    return reply.header('etag', `"${event.version}"`).send(eventOut(event));
  });
  r.patch('/events/:event_id', { schema: { operationId: 'updateEvent', tags: et, params: EventParams, body: EventInput, response: { 200: Event, ...errorResponses } }, config: { permission: 'experiment:write' } }, async (request, reply) => {
    const b = request.body;
    const event = await updateEvent(commandContext(request), request.params.event_id, { key: b.key, name: b.name, description: b.description, eventType: b.event_type, category: b.category, archived: b.archived, expectedVersion: expectedVersion(request, b.version) });
    return reply.header('etag', `"${event.version}"`).send(eventOut(event));
  });

  // Features: a read view over flags, never a second copy.
  const ft = ['Features'];
  r.get('/features', { schema: { operationId: 'listFeatures', tags: ft, querystring: ListQuery, response: { 200: Type.Array(Feature), ...errorResponses } }, config: { permission: 'flag:read' } }, async (request, reply) => {
    const page = pageOf(request.query);
    const result = await listFeatures(commandContext(request), request.query.project_id, page);
    setLinks(request, reply, page, result.total);
    return result.items.map(featureOut);
  });
  r.get('/features/:feature_id', { schema: { operationId: 'getFeature', tags: ft, params: Type.Object({ feature_id: Id }), response: { 200: Feature, ...errorResponses } }, config: { permission: 'flag:read' } }, async (request) => {
    return featureOut(await getFeature(commandContext(request), request.params.feature_id));
  });
}
