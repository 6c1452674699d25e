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
