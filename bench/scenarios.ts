import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { workflowIds } from '../domain/contract';
import { pool } from '../services/pool';
import { percentile, procStats, sleep, fmt } from './machine';
import {
  Api,
  STORM_POLICY,
  SECONDS_POLICY,
  compressedCalendar,
  openCalendar,
  projectedCount,
  stormCalendar,
  until,
} from './product';
import {
  startApiProcess,
  startBaselineWorker,
  startWorkerProcess,
  stackPids,
  type ApiProc,
  type Proc,
  type Stack,
} from './stack';

/** Concurrent starts from the baseline's plain client: the same as the product's fan-out activity (START_CONCURRENCY). */
const BASELINE_START_CONCURRENCY = 50;
const HOLD_MS = 6 * 3600_000;
const log = (m: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}`);
const rand = () => randomBytes(3).toString('hex');

export interface Product {
  worker: Proc;
  api: ApiProc;
  http: Api;
  token: string;
  taskQueue: string;
  stop(): Promise<void>;
}

/** Node flags for the product's processes (e.g. --cpu-prof), set by run.ts from --profile / --profile-api. */
export const nodeArgs = { worker: [] as string[], api: [] as string[] };

export async function startProduct(stack: Stack, o: { workerNodeArgs?: string[] } = {}): Promise<Product> {
  const taskQueue = `bench-${rand()}`;
  const worker = startWorkerProcess(stack, taskQueue, o.workerNodeArgs ?? nodeArgs.worker);
  const api = await startApiProcess(stack, taskQueue, nodeArgs.api);
  const http = new Api(api.url);
  const token = await http.bureauKey(api.adminToken);
  return {
    worker,
    api,
    http,
    token,
    taskQueue,
    async stop() {
      await api.stop();
      await worker.stop();
    },
  };
}

async function startMany(client: Client, n: number, start: (i: number) => Promise<unknown>): Promise<void> {
  await pool(
    Array.from({ length: n }, (_, i) => i),
    BASELINE_START_CONCURRENCY,
    async (i) => void (await start(i)),
  );
  void client;
}

// ---------------------------------------------------------------------------------------------------- fan-out

export interface FanOutResult {
  n: number;
  baselineMs: number;
  baselineStartsMs: number;
  productStartedMs: number;
  productProjectedMs: number;
  workerPeakRssMb: number;
  campaignRuns: number;
  campaignMaxEvents: number;
  campaignId: string;
}

export async function baselineFanOut(stack: Stack, n: number): Promise<{ ms: number; startsMs: number }> {
  const queue = `bench-base-${rand()}`;
  const bw = await startBaselineWorker(stack, queue);
  try {
    const prefix = `base-fan-${rand()}`;
    const t0 = Date.now();
    await startMany(stack.client, n, (i) =>
      stack.client.workflow.start('trivialOpen', {
        taskQueue: queue,
        workflowId: `${prefix}-${i}`,
        args: [`${prefix}-${i}`, HOLD_MS],
      }),
    );
    const startsMs = Date.now() - t0;
    await until('baseline fan-out', async () => (await bw.count()) >= n, 30 * 60_000, 100);
    return { ms: Date.now() - t0, startsMs };
  } finally {
    await bw.stop();
  }
}

/** POST a campaign of n agencies (open calendar) and time until every agency workflow is started, then projected. */
export async function productFanOut(
  stack: Stack,
  p: Product,
  n: number,
): Promise<Omit<FanOutResult, 'baselineMs' | 'baselineStartsMs'>> {
  const t0 = Date.now();
  const id = await p.http.createCampaign(p.token, n, openCalendar(Date.now()), undefined);
  let startedMs = 0;
  let peak = 0;
  await until(
    'product fan-out',
    async () => {
      peak = Math.max(peak, procStats(p.worker.pid).rssMb);
      if (!startedMs) {
        const r = await p.http.req('GET', `/v1/campaigns/${id}`, p.token);
        if (r.body?.workflow?.fanOutDone && (r.body.workflow.agenciesStarted ?? 0) >= n) startedMs = Date.now() - t0;
      }
      return startedMs > 0 && (await projectedCount(stack.sql, id)) >= n;
    },
    60 * 60_000,
    200,
  );
  const projectedMs = Date.now() - t0;
  const hist = await historyOfAllRuns(stack.client, workflowIds.campaign(id));
  return {
    n,
    productStartedMs: startedMs,
    productProjectedMs: projectedMs,
    workerPeakRssMb: Math.max(peak, procStats(p.worker.pid).hwmMb),
    campaignRuns: hist.runs,
    campaignMaxEvents: hist.maxEvents,
    campaignId: id,
  };
}

async function historyOfAllRuns(client: Client, workflowId: string): Promise<{ runs: number; maxEvents: number }> {
  let runs = 0;
  let maxEvents = 0;
  for await (const ex of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    runs += 1;
    const h = await client.workflow.getHandle(workflowId, ex.runId).fetchHistory();
    maxEvents = Math.max(maxEvents, h.events?.length ?? 0);
  }
  return { runs, maxEvents };
}

export async function fanOut(stack: Stack, n: number, o: { workerNodeArgs?: string[] } = {}): Promise<FanOutResult> {
  log(`fan-out N=${n}: baseline`);
  const base = await baselineFanOut(stack, n);
  log(`fan-out N=${n}: product`);
  const p = await startProduct(stack, o);
  try {
    const r = await productFanOut(stack, p, n);
    return { ...r, baselineMs: base.ms, baselineStartsMs: base.startsMs };
  } finally {
    await p.stop();
  }
}

export function fanOutRows(rs: FanOutResult[]) {
  return rs.map((r) => ({
    N: r.n,
    'bare: all started+first activity (s)': r.baselineMs / 1000,
    'bare/s': r.n / (r.baselineMs / 1000),
    'product: all started (s)': r.productStartedMs / 1000,
    'product: all projected (s)': r.productProjectedMs / 1000,
    'agencies/s': r.n / (r.productProjectedMs / 1000),
    'ratio (target ≥0.7)': r.baselineMs / r.productProjectedMs,
    'ms/agency': r.productProjectedMs / r.n,
    'worker peak RSS MB': r.workerPeakRssMb,
    'campaign runs / max events per run': `${r.campaignRuns} / ${r.campaignMaxEvents}`,
  }));
}

// ---------------------------------------------------------------------------------------------------- storm

export interface StormResult {
  n: number;
  baseline: { spanMs: number; p50: number; p99: number; max: number; allStartedBeforeInstant: boolean };
  product: {
    spanMs: number;
    p50: number;
    p99: number;
    max: number;
    allProjectedBeforeInstant: boolean;
    recorded: number;
    notifiedMs: number;
  };
}

function leadFor(n: number, ratePerSec: number): number {
  return Math.ceil(15 + (1.5 * n) / ratePerSec);
}

export async function storm(
  stack: Stack,
  n: number,
  o: { productRate?: number; bareRate?: number } = {},
): Promise<StormResult> {
  // baseline: n workflows sleep to one instant, then one no-op activity each
  const queue = `bench-base-${rand()}`;
  const bw = await startBaselineWorker(stack, queue);
  let baseline: StormResult['baseline'];
  try {
    const lead = leadFor(n, o.bareRate ?? 150);
    const target = Date.now() + lead * 1000;
    log(`storm N=${n}: baseline, instant in ${lead}s`);
    const prefix = `base-storm-${rand()}`;
    await startMany(stack.client, n, (i) =>
      stack.client.workflow.start('sleepThenTouch', {
        taskQueue: queue,
        workflowId: `${prefix}-${i}`,
        args: [`${prefix}-${i}`, target],
      }),
    );
    const allStartedBeforeInstant = Date.now() < target;
    await until(
      'baseline storm',
      async () => Date.now() > target && (await bw.count()) >= n,
      lead * 1000 + 30 * 60_000,
      200,
    );
    const late = (await bw.notes()).map((x) => x.atMs - target).sort((a, b) => a - b);
    baseline = {
      spanMs: late[late.length - 1],
      p50: percentile(late, 50),
      p99: percentile(late, 99),
      max: late[late.length - 1],
      allStartedBeforeInstant,
    };
  } finally {
    await bw.stop();
  }

  // product: n agencies, D1's reminder at one instant
  const p = await startProduct(stack);
  try {
    const lead = leadFor(n, o.productRate ?? 40);
    const base = Date.now();
    const instant = base + lead * 1000;
    log(`storm N=${n}: product, reminder instant in ${lead}s`);
    const id = await p.http.createCampaign(p.token, n, stormCalendar(base, lead), STORM_POLICY);
    await until(
      'storm fan-out',
      async () => (await projectedCount(stack.sql, id)) >= n,
      lead * 1000 + 30 * 60_000,
      500,
    );
    const allProjectedBeforeInstant = Date.now() < instant;
    if (!allProjectedBeforeInstant)
      log(`storm N=${n}: WARNING the fan-out finished after the instant; lateness includes fan-out`);
    const count = async () =>
      (
        await stack.sql<
          { n: number }[]
        >`select count(*)::int as n from deadline_events where campaign_id = ${id} and type = 'reminder'`
      )[0].n;
    await until(
      'storm reminders',
      async () => Date.now() > instant && (await count()) >= n,
      lead * 1000 + 30 * 60_000,
      250,
    );
    const [s] = await stack.sql<{ p50: number; p99: number; max: number; n: number; span: number }[]>`
      select percentile_cont(0.5) within group (order by ms) as p50, percentile_cont(0.99) within group (order by ms) as p99,
             max(ms) as max, count(*)::int as n, max(ms) as span
      from (select extract(epoch from occurred_at - scheduled_for) * 1000 as ms from deadline_events
            where campaign_id = ${id} and type = 'reminder') t`;
    // Delivery follows recording at the outbox relay's pace (docs/NOTIFICATIONS.md): when had every reminder's
    // notification been dispatched and finished?
    const undelivered = async () =>
      (
        await stack.sql<{ n: number }[]>`
        select count(*)::int as n from outbox o join deadline_events e on e.id = o.event_id
        where e.campaign_id = ${id} and e.type = 'reminder' and (o.dispatched_at is null or o.status = 'pending')`
      )[0].n;
    await until('storm notifications', async () => (await undelivered()) === 0, 30 * 60_000, 500);
    const notifiedMs = Date.now() - instant;
    return {
      n,
      baseline,
      product: {
        spanMs: Number(s.span),
        p50: Number(s.p50),
        p99: Number(s.p99),
        max: Number(s.max),
        allProjectedBeforeInstant,
        recorded: s.n,
        notifiedMs,
      },
    };
  } finally {
    await p.stop();
  }
}

export function stormRows(rs: StormResult[]) {
  return rs.map((r) => ({
    N: r.n,
    'bare: last activity after instant (s)': r.baseline.spanMs / 1000,
    'bare/s': r.n / (r.baseline.spanMs / 1000),
    'bare lateness p50/p99/max (ms)': `${fmt(r.baseline.p50)} / ${fmt(r.baseline.p99)} / ${fmt(r.baseline.max)}`,
    'product: last reminder after instant (s)': r.product.spanMs / 1000,
    'reminders/s': r.n / (r.product.spanMs / 1000),
    'lateness p50/p99/max (ms)': `${fmt(r.product.p50)} / ${fmt(r.product.p99)} / ${fmt(r.product.max)}`,
    'ratio (target ≥0.7)': r.baseline.spanMs / r.product.spanMs,
    'every notification dispatched and finished after instant (s)': r.product.notifiedMs / 1000,
    'valid (all running before instant)':
      r.baseline.allStartedBeforeInstant && r.product.allProjectedBeforeInstant ? 'yes' : 'NO',
  }));
}

// ---------------------------------------------------------------------------------------------------- API

interface Cannon {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}
async function cannon(
  url: string,
  token: string | null,
  o: { duration: number; rate?: number; connections?: number },
): Promise<Cannon> {
  const r = await autocannon({
    url,
    duration: o.duration,
    connections: o.connections ?? 10,
    ...(o.rate ? { overallRate: o.rate } : {}),
    headers: token ? { authorization: `Bearer ${token}` } : {},
    timeout: 30,
  });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

export async function apiScenario(
  stack: Stack,
  n: number,
  o: { duration: number; loaded?: { product: Product; campaignId: string } },
) {
  const p = o.loaded?.product ?? (await startProduct(stack));
  const constServer = fork(path.join(__dirname, 'constServer.js'), ['0'], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  try {
    const constPort = await new Promise<number>((r) => constServer.once('message', (m: { port: number }) => r(m.port)));
    let id = o.loaded?.campaignId;
    if (!id) {
      log(`api N=${n}: loading the campaign`);
      id = await p.http.createCampaign(p.token, n, openCalendar(Date.now()), undefined);
      const cid = id;
      await until('api fan-out', async () => (await projectedCount(stack.sql, cid)) >= n, 60 * 60_000, 500);
    }
    // ledger items: two per agency for up to 2,500 agencies (the item list pages through them), written directly
    const items = Array.from({ length: Math.min(n, 2500) * 2 }, (_, i) => ({
      id: `bench-item-${id}-${i}`,
      campaign_id: id,
      agency_id: `a-${String((i >> 1) + 1).padStart(6, '0')}`,
      checklist_code: 'A1',
      source: 'petition_report',
      description: `问题描述 ${i}`,
      severity: 'general',
      classification: 'scheduled',
      found_on: '2026-01-01',
      due_at: new Date(Date.now() + 86_400_000),
      created_by: 'bench',
    }));
    for (let i = 0; i < items.length; i += 1000) {
      const chunk = items.slice(i, i + 1000);
      await stack.sql`insert into ledger_items ${stack.sql(chunk, 'id', 'campaign_id', 'agency_id', 'checklist_code', 'source', 'description', 'severity', 'classification', 'found_on', 'due_at', 'created_by')}`;
    }
    const mid = `a-${String(Math.ceil(n / 2)).padStart(6, '0')}`;
    const routes = [
      { name: 'GET agency', path: `/v1/campaigns/${id}/agencies/${mid}`, csv: false },
      {
        name: 'agency list (jurisdiction+phase filter, 50)',
        path: `/v1/campaigns/${id}/agencies?jurisdictionId=shapotou&phase=deployment&limit=50`,
        csv: false,
      },
      { name: 'item list (status filter, 50)', path: `/v1/campaigns/${id}/items?status=open&limit=50`, csv: false },
      { name: 'statistics CSV', path: `/v1/campaigns/${id}/reports/statistics.csv`, csv: true },
    ];
    const rows: Record<string, string | number>[] = [];
    for (const r of routes) {
      const once = await p.http.req('GET', r.path, p.token);
      if (once.status !== 200) throw new Error(`${r.name}: ${once.status} ${once.text.slice(0, 500)}`);
      const bytes = Buffer.byteLength(once.text);
      const constUrl = `http://127.0.0.1:${constPort}/${r.csv ? 'csv' : 'const'}/${bytes}`;
      log(`api N=${n}: ${r.name} (${bytes} B)`);
      const cpu0 = procStats(p.api.pid).cpuSec;
      const max = await cannon(p.api.url + r.path, p.token, { duration: o.duration });
      const apiCpu = (procStats(p.api.pid).cpuSec - cpu0) / o.duration;
      const fixed = await cannon(p.api.url + r.path, p.token, { duration: o.duration, rate: 200 });
      const cmax = await cannon(constUrl, null, { duration: o.duration });
      const cfixed = await cannon(constUrl, null, { duration: o.duration, rate: 200 });
      rows.push({
        route: r.name,
        'body B': bytes,
        'req/s (10 conns)': max.rps,
        'p50/p99 ms (10 conns)': `${max.p50} / ${max.p99}`,
        'API CPU (cores)': apiCpu,
        'p50/p99 ms @200 req/s': `${fixed.p50} / ${fixed.p99}`,
        'const req/s': cmax.rps,
        'const p50/p99 @200': `${cfixed.p50} / ${cfixed.p99}`,
        'ratio (target ≥0.5)': max.rps / cmax.rps,
        'errors/non-2xx': `${max.errors + fixed.errors}/${max.non2xx + fixed.non2xx}`,
      });
    }
    return rows;
  } finally {
    constServer.kill('SIGTERM');
    if (!o.loaded) await p.stop();
  }
}

// ---------------------------------------------------------------------------------------------------- footprint

/**
 * Fan-out of n (optionally with the bare baseline first), then the processes at rest with n open agency workflows,
 * then (optionally) the API scenario on that same campaign, then the histories of a full compressed campaign.
 */
export async function footprint(
  stack: Stack,
  n: number,
  o: { restSec: number; historyN: number; withBaseline?: boolean; apiDuration?: number; closeWaitSec?: number },
) {
  const rows: Record<string, string | number>[] = [];
  let fanOutResult: FanOutResult | null = null;
  let apiRows: Record<string, string | number>[] | null = null;
  const bare = o.withBaseline ? (log(`footprint N=${n}: bare fan-out baseline`), await baselineFanOut(stack, n)) : null;
  const p = await startProduct(stack);
  try {
    log(`footprint N=${n}: fan-out`);
    const f = await productFanOut(stack, p, n);
    if (bare) fanOutResult = { ...f, baselineMs: bare.ms, baselineStartsMs: bare.startsMs };
    log(`footprint N=${n}: at rest for ${o.restSec}s`);
    await sleep(5000);
    const pids = stackPids();
    const sample = () => ({
      worker: procStats(p.worker.pid),
      api: procStats(p.api.pid),
      temporal: pids.temporal.map((x) => safeStats(x)).reduce(sumStats, zero()),
      postgres: pids.postgres.map((x) => safeStats(x)).reduce(sumStats, zero()),
    });
    const a = sample();
    await sleep(o.restSec * 1000);
    const b = sample();
    for (const k of ['worker', 'api', 'temporal', 'postgres'] as const) {
      rows.push({
        process:
          k === 'temporal' ? stack.temporalLabel : k === 'postgres' ? `postgres (${pids.postgres.length} procs)` : k,
        'open agency workflows': n,
        'RSS MB': b[k].rssMb,
        'peak RSS MB': k === 'worker' ? Math.max(b[k].hwmMb, f.workerPeakRssMb) : b[k].hwmMb,
        'CPU at rest (% of one core)': ((b[k].cpuSec - a[k].cpuSec) / o.restSec) * 100,
      });
    }
    rows.push({
      process: 'campaign workflow',
      'open agency workflows': n,
      'RSS MB': `${f.campaignRuns} run(s), max ${f.campaignMaxEvents} events/run`,
    });
    if (o.apiDuration)
      apiRows = await apiScenario(stack, n, {
        duration: o.apiDuration,
        loaded: { product: p, campaignId: f.campaignId },
      });
    if (o.apiDuration) {
      const w = procStats(p.worker.pid);
      rows.push({
        process: 'worker after the API load',
        'open agency workflows': n,
        'RSS MB': w.rssMb,
        'peak RSS MB': w.hwmMb,
      });
    }
  } finally {
    await p.stop();
  }
  const histories = o.historyN > 0 ? await fullCampaignHistories(stack, o.historyN, o.closeWaitSec) : [];
  return { rows, histories, fanOutResult, apiRows };
}

const zero = () => ({ rssMb: 0, hwmMb: 0, cpuSec: 0 });
const sumStats = (x: ReturnType<typeof zero>, y: ReturnType<typeof zero>) => ({
  rssMb: x.rssMb + y.rssMb,
  hwmMb: x.hwmMb + y.hwmMb,
  cpuSec: x.cpuSec + y.cpuSec,
});
function safeStats(pid: number) {
  try {
    return procStats(pid);
  } catch {
    return zero();
  }
}

/** A whole compressed campaign (about a minute of calendar) of n agencies; then every history on its task queue. */
export async function fullCampaignHistories(stack: Stack, n: number, closeWaitSec = 120) {
  const p = await startProduct(stack);
  try {
    const lead = leadFor(n, 40);
    log(`histories: full compressed campaign of ${n} agencies, opening in ${lead}s`);
    const base = Date.now();
    const id = await p.http.createCampaign(p.token, n, compressedCalendar(base, lead), SECONDS_POLICY);
    await until(
      'campaign closed',
      async () => {
        const [c] = await stack.sql<{ closed_at: Date | null }[]>`select closed_at from campaigns where id = ${id}`;
        return c?.closed_at != null;
      },
      (lead + 50) * 1000 + 30 * 60_000,
      1000,
    );
    // Every workflow should close with the campaign; those still open after closeWaitSec are reported, not waited on.
    const running = async () =>
      (await stack.client.workflow.count(`TaskQueue = '${p.taskQueue}' AND ExecutionStatus = 'Running'`)).count;
    await until('every workflow closed', async () => (await running()) === 0, closeWaitSec * 1000, 1000).catch(
      () => undefined,
    );
    const stillRunning = new Map<string, number>();
    for await (const ex of stack.client.workflow.list({
      query: `TaskQueue = '${p.taskQueue}' AND ExecutionStatus = 'Running'`,
    })) {
      stillRunning.set(ex.type, (stillRunning.get(ex.type) ?? 0) + 1);
    }
    const execs: { workflowId: string; runId: string; type: string }[] = [];
    for await (const ex of stack.client.workflow.list({ query: `TaskQueue = '${p.taskQueue}'` })) {
      execs.push({ workflowId: ex.workflowId, runId: ex.runId, type: ex.type });
    }
    const byType = new Map<string, { events: number[]; ids: Set<string> }>();
    await pool(execs, 20, async (ex) => {
      const h = await stack.client.workflow.getHandle(ex.workflowId, ex.runId).fetchHistory();
      const t = byType.get(ex.type) ?? { events: [], ids: new Set<string>() };
      t.events.push(h.events?.length ?? 0);
      t.ids.add(ex.workflowId);
      byType.set(ex.type, t);
    });
    return [...byType.entries()].map(([type, t]) => {
      const s = t.events.sort((a, b) => a - b);
      return {
        workflow: type,
        workflows: t.ids.size,
        runs: s.length,
        'events/run p50': percentile(s, 50),
        'events/run max': s[s.length - 1],
        'under 10,000': s[s.length - 1] <= 10_000 ? 'yes' : 'NO',
        [`still open ${closeWaitSec}s after close`]: stillRunning.get(type) ?? 0,
      };
    });
  } finally {
    await p.stop();
  }
}
