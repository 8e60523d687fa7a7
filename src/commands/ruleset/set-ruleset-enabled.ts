/** The enable and disable actions on a ruleset. */
import type { Ruleset } from '../../core/ruleset/types.js';
import { ensureRuleset } from '../../store/repos/rulesets.js';
import { inTransaction, projectFor, type CommandContext } from '../context.js';
import { flagAndEnvironment } from './locate.js';
import { getRuleset } from './read-ruleset.js';
import { switchRuleset } from './switch-ruleset.js';
import { bumpVersion } from '../../store/repos/common.js';

/**
 * Switches a ruleset on or off. With `expectedVersion` (If-Match), a ruleset changed since the
 * client read it is a 409, as for updates: checked before anything is switched.
 */
export async function setRulesetEnabled(ctx: CommandContext, projectId: number, flagKey: string, environmentKey: string, enabled: boolean, expectedVersion?: number): Promise<Ruleset> {
  await inTransaction(ctx, async (tx) => {
    await projectFor(ctx, tx.db, projectId, 'flag:write');
    const { flag, environment } = await flagAndEnvironment(tx.db, projectId, flagKey, environmentKey);
    const ruleset = await ensureRuleset(tx.db, flag.id, environment.id, tx.at);
    await bumpVersion(tx.db, 'rulesets', ruleset.id, expectedVersion, 'ruleset', tx.at);
    await switchRuleset(ctx, tx, ruleset, projectId, enabled);
  });
  return getRuleset(ctx, projectId, flagKey, environmentKey);
}
