import type { Sql } from 'postgres';

/**
 * Failed attempts as rows of auth_failures (db/migrations/00011_people), counted over a sliding window in SQL with the
 * database's clock: every API process on the database sees the same count and the same time to wait.
 */
export type FailureBucket = 'sign_in' | 'bearer';

/** Seconds until the subject may try again (0: not locked): `limit` failures within the window lock it. */
export async function lockedForSeconds(
  sql: Sql,
  bucket: FailureBucket,
  subject: string,
  o: { limit: number; windowSeconds: number },
): Promise<number> {
  // the limit-th newest failure in the window: the lock lifts when it leaves the window
  const [row] = await sql<{ wait: number }[]>`
    select extract(epoch from (at + make_interval(secs => ${o.windowSeconds}) - clock_timestamp()))::float8 as wait
    from auth_failures
    where bucket = ${bucket} and subject = ${subject} and at > clock_timestamp() - make_interval(secs => ${o.windowSeconds})
    order by at desc
    offset ${o.limit - 1} limit 1`;
  return row ? Math.max(1, Math.ceil(row.wait)) : 0;
}

/** Records one failure, and forgets this subject's failures older than a day (no window is longer). */
export async function recordFailure(sql: Sql, bucket: FailureBucket, subject: string): Promise<void> {
  await sql`
    with gone as (delete from auth_failures where bucket = ${bucket} and subject = ${subject} and at < clock_timestamp() - interval '1 day')
    insert into auth_failures (bucket, subject) values (${bucket}, ${subject})`;
}

/** A successful sign-in starts the count afresh. */
export async function clearFailures(sql: Sql, bucket: FailureBucket, subject: string): Promise<void> {
  await sql`delete from auth_failures where bucket = ${bucket} and subject = ${subject}`;
}

/**
 * Sign-in failures are counted three ways, all in bucket `sign_in` (subjects: the lower-cased username; `@ <deployment>
 * <address>`; `@ <deployment> <address> <username>` — no username starts with `@`, so they never meet), so that an
 * attacker is slowed and stopped without the owner being locked out:
 * - an address that fails `perAddress` times within the window, whatever the usernames, is refused (429);
 * - an address that fails `perPair` times for one username within the window is refused for that username;
 * - an address that has failed for a username under attack waits before its next try, longer with every failure the
 *   username has had (attackDelaySeconds); an address that has not failed for it — the owner at their own desk — is
 *   not slowed at all.
 */
export interface SignInCaller {
  /** The deployment (task queue) and the client address (per TRUST_PROXY). */
  address: string;
  username: string;
}

const addressSubject = (c: SignInCaller) => `@ ${c.address}`;
const pairSubject = (c: SignInCaller) => `@ ${c.address} ${c.username.toLowerCase()}`;

/** Failures a username may have before its attackers wait: a person mistyping twice is not slowed. */
export const FREE_FAILURES = 3;
/** The longest wait between two tries of an attacking address (seconds). */
export const MAX_ATTACK_DELAY = 60;

/** How long an address that failed for a username waits after its last failure, given the username's failures. */
export function attackDelaySeconds(usernameFailures: number): number {
  if (usernameFailures < FREE_FAILURES) return 0;
  return Math.min(MAX_ATTACK_DELAY, 2 ** (usernameFailures - FREE_FAILURES));
}

export type SignInRefusal = { reason: 'address' | 'pair' | 'delay'; waitSeconds: number };

/** Whether this caller may try a password now: null, or why not and for how long. */
export async function signInRefusal(
  sql: Sql,
  c: SignInCaller,
  o: { windowSeconds: number; perAddress: number; perPair: number },
): Promise<SignInRefusal | null> {
  const window = { windowSeconds: o.windowSeconds };
  const byAddress = await lockedForSeconds(sql, 'sign_in', addressSubject(c), { ...window, limit: o.perAddress });
  if (byAddress) return { reason: 'address', waitSeconds: byAddress };
  const byPair = await lockedForSeconds(sql, 'sign_in', pairSubject(c), { ...window, limit: o.perPair });
  if (byPair) return { reason: 'pair', waitSeconds: byPair };
  const [row] = await sql<{ failures: number; since: number | null }[]>`
    select
      (select count(*)::int from auth_failures where bucket = 'sign_in' and subject = ${c.username.toLowerCase()}
         and at > clock_timestamp() - make_interval(secs => ${o.windowSeconds})) as failures,
      (select extract(epoch from clock_timestamp() - max(at))::float8 from auth_failures
         where bucket = 'sign_in' and subject = ${pairSubject(c)}
         and at > clock_timestamp() - make_interval(secs => ${o.windowSeconds})) as since`;
  if (row.since === null) return null; // this address has not failed for this username: no wait
  const wait = attackDelaySeconds(row.failures) - row.since;
  return wait > 0 ? { reason: 'delay', waitSeconds: Math.ceil(wait) } : null;
}

/** One failed try: counted for the username, the address and the two together. */
export async function recordSignInFailure(sql: Sql, c: SignInCaller): Promise<void> {
  for (const subject of [c.username.toLowerCase(), addressSubject(c), pairSubject(c)])
    await recordFailure(sql, 'sign_in', subject);
}

/**
 * A successful sign-in forgets what this address failed for this username (a person's own typing errors). The
 * username's count stays until it leaves the window, so an owner signing in does not reset the wait of the attackers.
 */
export const clearSignInFailures = (sql: Sql, c: SignInCaller) => clearFailures(sql, 'sign_in', pairSubject(c));
