/** Instance-wide values kept in the meta table. */
import type { Db } from './common.js';

export async function getMeta(db: Db, key: string): Promise<string | null> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

export async function setMeta(db: Db, key: string, value: string): Promise<void> {
  await db.insertInto('meta').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}

/** The account every project of this instance belongs to (created on first use). */
export async function accountId(db: Db): Promise<number> {
  const found = await getMeta(db, 'account_id');
  if (found !== null) return Number(found);
  const id = 10_000_000 + Math.floor(Math.random() * 89_999_999);
  await db.insertInto('meta').values({ key: 'account_id', value: String(id) }).onConflict((oc) => oc.column('key').doNothing()).execute();
  return Number(await getMeta(db, 'account_id'));
}
