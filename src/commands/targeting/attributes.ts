/** Attributes: the user properties audiences test. */
import { conflict, invalid, notFound } from '../../core/errors.js';
import { assertKey } from '../../core/keys.js';
import type { Attribute } from '../../core/targeting/types.js';
import { bumpVersion, nextId } from '../../store/repos/common.js';
import { findAttribute, findAttributeByKey, insertAttribute, writeAttribute } from '../../store/repos/targeting.js';
import { inTransaction, projectFor, type CommandContext } from '../context.js';

export interface AttributeInput {
  readonly key?: string;
  readonly name?: string;
  readonly description?: string;
  readonly archived?: boolean;
  readonly expectedVersion?: number;
}

export async function createAttribute(ctx: CommandContext, projectId: number, input: AttributeInput): Promise<Attribute> {
  if (input.key === undefined) throw invalid('key', 'is required');
  const key = input.key;
  // Attribute keys are free-form in the SDKs ("$opt_" is reserved for the SDKs' own attributes).
  if (key === '' || key.length > 128) throw invalid('key', 'must be 1 to 128 characters');
  if (key.startsWith('$opt_')) throw invalid('key', 'keys starting with $opt_ are reserved');
  return inTransaction(ctx, async (tx) => {
    await projectFor(ctx, tx.db, projectId, 'flag:write');
    if (await findAttributeByKey(tx.db, projectId, key)) throw conflict(`key: project ${projectId} already has an attribute ${JSON.stringify(key)}`, 'key');
    const id = await nextId(tx.db);
    await insertAttribute(tx.db, id, projectId, { key, name: input.name ?? key, description: input.description ?? '', archived: input.archived ?? false }, tx.at);
    tx.changed({ projectId });
    return (await findAttribute(tx.db, id)) as Attribute;
  });
}

export async function updateAttribute(ctx: CommandContext, id: number, input: AttributeInput): Promise<Attribute> {
  return inTransaction(ctx, async (tx) => {
    const found = await findAttribute(tx.db, id);
    if (!found) throw notFound('attribute', id);
    await projectFor(ctx, tx.db, found.projectId, 'flag:write');
    const key = input.key ?? found.key;
    if (key !== found.key) {
      assertKey('key', key);
      if (await findAttributeByKey(tx.db, found.projectId, key)) throw conflict(`key: project already has an attribute ${JSON.stringify(key)}`, 'key');
    }
    await bumpVersion(tx.db, 'attributes', id, input.expectedVersion, 'attribute', tx.at);
    await writeAttribute(tx.db, id, { key, name: input.name ?? found.name, description: input.description ?? found.description, archived: input.archived ?? found.archived });
    tx.changed({ projectId: found.projectId });
    return (await findAttribute(tx.db, id)) as Attribute;
  });
}

export async function getAttribute(ctx: CommandContext, id: number): Promise<Attribute> {
  const found = await findAttribute(ctx.db, id);
  if (!found) throw notFound('attribute', id);
  await projectFor(ctx, ctx.db, found.projectId, 'flag:read');
  return found;
}
