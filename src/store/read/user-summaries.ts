/** Who did something, as APIs name a user next to what they created (`created_by`). */
import type { Db } from '../repos/common.js';

export interface UserSummary {
  readonly id: number;
  readonly email: string;
  readonly name: string;
}

/** The users among `ids` that exist, by id. */
export async function userSummaries(db: Db, ids: readonly (number | null)[]): Promise<Map<number, UserSummary>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'email', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, email: r.email, name: r.name }]));
}
