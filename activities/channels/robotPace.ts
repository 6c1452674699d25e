import { createHash } from 'node:crypto';
import type { Sql } from 'postgres';
import { markdownParts } from './digest';
import { SendError } from './sendError';
import type { Outgoing } from './types';

/**
 * What WeCom and DingTalk group robots share: where a unit's robot is (its row of unit_channels), the robot's pace of
 * 20 messages a minute kept across every worker (channel_sends, one row per message sent, counted under an advisory
 * lock per robot), and a digest sent in parts within the message size: a part already sent (a retry after a later
 * part failed) is not sent again.
 */
export interface RobotTarget {
  webhookUrl: string;
  secret?: string;
}

/** The robot of the unit a delivery names (`agency:<id>` or `jurisdiction:<id>`), as configured now. */
export async function robotOf(sql: Sql, channel: 'wecom' | 'dingtalk', address: string | null): Promise<RobotTarget> {
  const m = /^(agency|jurisdiction):(.+)$/.exec(address ?? '');
  if (!m) throw new SendError('not_configured', `no robot address: ${address}`);
  const [row] = await sql<{ target: RobotTarget | null }[]>`
    select ${sql(channel)} as target from unit_channels where unit_kind = ${m[1]} and unit_id = ${m[2]}`;
  if (!row?.target?.webhookUrl) throw new SendError('not_configured', `no ${channel} robot for ${address}`);
  return row.target;
}

/** A robot is known by its URL (its key), never shown: the pace log keeps a hash. */
const robotKey = (url: string) => createHash('sha256').update(url).digest('hex').slice(0, 32);

/** Waits within an attempt at most this long for the robot's minute to free a slot; longer is a throttled retry. */
const WAIT_IN_ATTEMPT_MS = 8_000;

async function takeSlot(sql: Sql, robot: string, perMinute: number, dedupeKey: string, part: number): Promise<number> {
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(${robot}))`;
    await tx`delete from channel_sends where robot = ${robot} and sent_at < now() - interval '2 minutes'`;
    const [{ n, oldest }] = await tx<{ n: number; oldest: Date | null }[]>`
      select count(*)::int as n, min(sent_at) as oldest from channel_sends
      where robot = ${robot} and sent_at > now() - interval '1 minute'`;
    if (n >= perMinute && oldest) return Math.max(1, oldest.getTime() + 60_000 - Date.now() + 50);
    await tx`insert into channel_sends (robot, dedupe_key, part) values (${robot}, ${dedupeKey}, ${part})`;
    return 0;
  });
}

/**
 * Sends every part of a message or digest to one robot at its pace. `post` sends one markdown part (and throws a
 * SendError when the robot refuses it: its slot is then given back).
 */
export async function sendParts(
  sql: Sql,
  o: Outgoing,
  target: RobotTarget,
  limits: { maxBytes: number; perMinute: number },
  post: (markdown: string, title: string) => Promise<void>,
): Promise<number> {
  const robot = robotKey(target.webhookUrl);
  const parts = markdownParts(o, limits.maxBytes);
  const done = new Set(
    (await sql<{ part: number }[]>`select part from robot_parts_sent where dedupe_key = ${o.dedupeKey}`).map(
      (r) => r.part,
    ),
  );
  for (const [i, markdown] of parts.entries()) {
    if (done.has(i)) continue;
    for (;;) {
      const wait = await takeSlot(sql, robot, limits.perMinute, o.dedupeKey, i);
      if (wait === 0) break;
      if (wait > WAIT_IN_ATTEMPT_MS) throw new SendError('throttled', `robot busy for ${wait} ms`, wait);
      await new Promise((r) => setTimeout(r, wait));
    }
    const title = o.messages.length === 1 ? o.messages[0].title : `专项整治提醒：${o.messages.length} 条待办`;
    try {
      await post(markdown, title);
    } catch (err) {
      await sql`delete from channel_sends where robot = ${robot} and dedupe_key = ${o.dedupeKey} and part = ${i}`;
      throw err;
    }
    await sql`insert into robot_parts_sent (dedupe_key, part) values (${o.dedupeKey}, ${i}) on conflict do nothing`;
  }
  return parts.length;
}
