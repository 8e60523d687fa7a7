/** Public string ids: a prefix and a ULID (time-sortable, 26 Crockford base-32 characters). */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `exp_01HZX8TK6TSN91C5XWZP3N1M4E`-style id; ids made later sort after earlier ones. */
export function sortableId(prefix: string, ms: number): string {
  let time = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    time = (CROCKFORD[t % 32] ?? '0') + time;
    t = Math.floor(t / 32);
  }
  const random = crypto.getRandomValues(new Uint8Array(16));
  let tail = '';
  for (const byte of random) tail += CROCKFORD[byte % 32];
  return `${prefix}_${time}${tail}`;
}
