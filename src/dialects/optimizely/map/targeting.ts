/** Audiences, attributes, events and features in Optimizely's words. */
import type { Attribute, Audience, EventDefinition } from '../../../core/targeting/types.js';
import type { Flag } from '../../../core/flag/types.js';
import { variableOut } from './flags.js';

export const audienceOut = (a: Audience) => ({
  id: a.id, project_id: a.projectId, name: a.name, description: a.description, conditions: a.conditions,
  archived: a.archived, version: a.version, created: a.createdAt, last_modified: a.updatedAt,
});

export const attributeOut = (a: Attribute) => ({
  id: a.id, project_id: a.projectId, key: a.key, name: a.name, description: a.description, condition_type: a.conditionType,
  archived: a.archived, version: a.version, created: a.createdAt, last_modified: a.updatedAt,
});

export const eventOut = (e: EventDefinition) => ({
  id: e.id, project_id: e.projectId, key: e.key, name: e.name, description: e.description, event_type: e.eventType,
  category: e.category, archived: e.archived, version: e.version, created: e.createdAt, last_modified: e.updatedAt,
});

export const featureOut = (f: Flag) => ({
  id: f.id, key: f.key, name: f.name, project_id: f.projectId, variables: f.variables.map(variableOut), created: f.createdAt, last_modified: f.updatedAt,
});
