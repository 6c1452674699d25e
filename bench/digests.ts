import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import type { Sql } from 'postgres';
import { sleep } from './machine';
import { calendar, until } from './product';
import type { Product } from './scenarios';

/**
 * `npm run bench -- digests --agencies N` (docs/BENCHMARKS.md "Digests"): N agencies, one shared deadline for D1–D3,
 * each agency with a WeCom group robot of its own (a counting fake in this process, answering errcode 0). Two runs
 * on the same stack: digests — the three reminders of every agency fall due before the delivery window opens and go
 * at its opening, one message per robot; and one message per reminder — a window always open, each reminder sent
 * at its instant. Reported: messages sent, and the time from the window's opening (or the reminders' instant) to the
 * last message received.
 */
export interface DigestRun {
  mode: 'digest' | 'per reminder';
  n: number;
  messages: number;
  maxPerRobot: number;
  /** from the window's opening (digest) or the reminders' instant (per reminder) to the last message */
  lastMs: number;
  p50Ms: number;
}

const log = (m: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}`);

/** A fake robot endpoint: counts what arrives per key and answers as WeCom does. */
async function countingRobots() {
  const arrivals: { key: string; at: number }[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      arrivals.push({ key: new URL(req.url ?? '/', 'http://x').searchParams.get('key') ?? '', at: Date.now() });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, arrivals, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export async function digestRun(
  sql: Sql,
  p: Product,
  n: number,
  mode: DigestRun['mode'],
  robotsBase: string,
  arrivals: { key: string; at: number }[],
): Promise<DigestRun> {
  const lead = Math.ceil(20 + (1.5 * n) / 40); // the fan-out before the reminders' instant, as the storm sizes it
  const base = Date.now();
  const instant = base + lead * 1000;
  // digest: the window opens at the first whole minute at least 5 minutes after the instant (time to record and plan)
  const opening = DateTime.fromMillis(instant + 5 * 60_000, { zone: 'Asia/Shanghai' })
    .plus({ minutes: 1 })
    .startOf('minute');
  const closing = opening.plus({ hours: 2 });
  const hours = `${opening.toFormat('HH:mm')}-${closing.day === opening.day ? closing.toFormat('HH:mm') : '24:00'}`;
  const delivery = mode === 'digest' ? { days: 'all', hours } : { days: 'all', hours: '00:00-24:00' };
  const L = lead;
  const cal = calendar(base, {
    phases: [
      [-5, L + 7200],
      [L + 7200, L + 7300],
      [L + 7300, L + 7400],
      [L + 7400, L + 7500],
    ],
    deadlines: {
      D1: L + 3600,
      D2: L + 3600,
      D3: L + 3600,
      D4: L + 7250,
      D5: L + 7250,
      D6: L + 7250,
      D7: L + 7350,
      D8: L + 7350,
    },
    closesAt: L + 7600,
  });
  const policy = {
    reminders: ['PT1H'],
    escalation: [{ after: 'PT0S', action: 'overdue' }],
    warnWithin: 'PT3S',
    delivery,
  };
  const tag = `${mode === 'digest' ? 'd' : 'p'}${Date.now().toString(36)}`;
  const from = arrivals.length;
  const id = await p.http.createCampaign(p.token, n, cal, policy);
  // every agency its own robot (the registry's unit: the bench's agencies are a-000001…)
  const rows = Array.from({ length: n }, (_, i) => {
    const agencyId = `a-${String(i + 1).padStart(6, '0')}`;
    return {
      unit_kind: 'agency',
      unit_id: agencyId,
      wecom: sql.json({ webhookUrl: `${robotsBase}/cgi-bin/webhook/send?key=${tag}-${agencyId}` }),
    };
  });
  for (let i = 0; i < rows.length; i += 1000)
    await sql`insert into unit_channels ${sql(rows.slice(i, i + 1000))}
              on conflict (unit_kind, unit_id) do update set wecom = excluded.wecom`;
  log(
    `digests N=${n} ${mode}: campaign ${id}, reminders at +${lead}s${mode === 'digest' ? `, window opens ${opening.toISO()}` : ''}`,
  );
  // done when every reminder is recorded and each of its robot deliveries delivered (alone or in a digest)
  const settled = async () => {
    const [r] = await sql<{ events: number; open: number; robot: number }[]>`
      select (select count(*)::int from deadline_events where campaign_id = ${id} and type = 'reminder') as events,
             (select count(*)::int from notification_deliveries where campaign_id = ${id} and channel = 'wecom' and status <> 'delivered') as open,
             (select count(*)::int from notification_deliveries where campaign_id = ${id} and channel = 'wecom') as robot`;
    return r.events >= 3 * n && r.robot >= 3 * n && r.open === 0;
  };
  const mine = () => arrivals.slice(from).filter((a) => a.key.startsWith(tag));
  await until('robot messages', settled, 90 * 60_000, 1000);
  await sleep(5000);
  const got = mine();
  const start = mode === 'digest' ? opening.toMillis() : instant;
  const late = got.map((a) => a.at - start).sort((a, b) => a - b);
  const perRobot = new Map<string, number>();
  for (const a of got) perRobot.set(a.key, (perRobot.get(a.key) ?? 0) + 1);
  return {
    mode,
    n,
    messages: got.length,
    maxPerRobot: Math.max(...perRobot.values()),
    lastMs: late[late.length - 1],
    p50Ms: late[Math.floor(late.length / 2)],
  };
}

export async function digests(sql: Sql, startProduct: () => Promise<Product>, n: number): Promise<DigestRun[]> {
  const robots = await countingRobots();
  process.env.OUTBOUND_ALLOWED_HOSTS = new URL(robots.base).host; // the worker process inherits it
  const p = await startProduct();
  try {
    return [
      await digestRun(sql, p, n, 'digest', robots.base, robots.arrivals),
      await digestRun(sql, p, n, 'per reminder', robots.base, robots.arrivals),
    ];
  } finally {
    await p.stop();
    await robots.close();
  }
}

export function digestRows(rs: DigestRun[]) {
  return rs.map((r) => ({
    N: r.n,
    mode: r.mode,
    'robot messages': r.messages,
    'most to one robot': r.maxPerRobot,
    'last message after opening / instant (s)': r.lastMs / 1000,
    'median (s)': r.p50Ms / 1000,
  }));
}
