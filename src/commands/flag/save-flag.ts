/** Creating and updating flags with typed variables and variations (always including "off"). */
import { conflict, invalid, notFound } from '../../core/errors.js';
import { assertKey } from '../../core/keys.js';
import type { Flag } from '../../core/flag/types.js';
import { assertVariables, normalizeVariations, type VariableDraft, type VariationDraft } from '../../core/flag/validate.js';
import { bumpVersion, nextId, type Db } from '../../store/repos/common.js';
import { findFlagById, findFlagByKey, insertFlag, replaceVariables, replaceVariations, writeFlag } from '../../store/repos/flags.js';
import { inTransaction, projectFor, type CommandContext } from '../context.js';
import { variationKeysInUse } from './variations-in-use.js';

export interface FlagInput {
  readonly key?: string;
  readonly name?: string;
  readonly description?: string;
  readonly variables?: readonly VariableDraft[];
  readonly variations?: readonly VariationDraft[];
  readonly expectedVersion?: number;
}

const DEFAULT_VARIATIONS: readonly VariationDraft[] = [{ key: 'on', name: 'On', description: '', variables: {} }];

/** Creates a flag inside a transaction that is already open (other commands create flags too). */
export async function insertNewFlag(db: Db, projectId: number, input: FlagInput, at: string): Promise<Flag> {
  if (input.key === undefined) throw invalid('key', 'is required');
  const key = input.key;
  assertKey('key', key);
  const variables = input.variables ?? [];
  assertVariables(variables);
  const variations = normalizeVariations(input.variations ?? DEFAULT_VARIATIONS, variables);
  if (await findFlagByKey(db, projectId, key)) throw conflict(`key: project ${projectId} already has a flag ${JSON.stringify(key)}`, 'key');
  const id = await nextId(db);
  await insertFlag(db, { id, projectId, key, name: input.name ?? key, description: input.description ?? '', at });
  await replaceVariables(db, id, variables);
  await replaceVariations(db, id, variations);
  return (await findFlagById(db, id)) as Flag;
}

export async function createFlag(ctx: CommandContext, projectId: number, input: FlagInput): Promise<Flag> {
  return inTransaction(ctx, async (tx) => {
    await projectFor(ctx, tx.db, projectId, 'flag:write');
    const flag = await insertNewFlag(tx.db, projectId, input, tx.at);
    tx.changed({ projectId });
    return flag;
  });
}

export async function updateFlag(ctx: CommandContext, projectId: number, flagKey: string, input: FlagInput): Promise<Flag> {
  return inTransaction(ctx, async (tx) => {
    await projectFor(ctx, tx.db, projectId, 'flag:write');
    const flag = await findFlagByKey(tx.db, projectId, flagKey);
    if (!flag) throw notFound('flag', flagKey);
    if (input.key !== undefined && input.key !== flag.key) {
      throw invalid('key', 'a flag key cannot change: SDK calls refer to it; create a new flag instead');
    }
    const variables = input.variables ?? flag.variables.map(({ key, type, defaultValue }) => ({ key, type, defaultValue }));
    assertVariables(variables);
    const variations = normalizeVariations(input.variations ?? flag.variations, variables);
    const inUse = await variationKeysInUse(tx.db, flag.id);
    const kept = new Set(variations.map((v) => v.key));
    const missing = [...inUse].filter((k) => !kept.has(k));
    if (missing.length) {
      throw invalid('variations', `variations ${missing.map((k) => JSON.stringify(k)).join(', ')} are used by rules of this flag; remove them from the rules first`);
    }
    await bumpVersion(tx.db, 'flags', flag.id, input.expectedVersion, 'flag', tx.at);
    await writeFlag(tx.db, flag.id, { key: flag.key, name: input.name ?? flag.name, description: input.description ?? flag.description });
    await replaceVariables(tx.db, flag.id, variables);
    await replaceVariations(tx.db, flag.id, variations);
    tx.changed({ projectId });
    return (await findFlagById(tx.db, flag.id)) as Flag;
  });
}
