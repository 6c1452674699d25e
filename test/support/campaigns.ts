import { createHash, randomBytes } from 'node:crypto';
import type { HttpClient } from './http';
import { deadlinesByPhase, type DeliverableCode } from '../../domain/template';

/** Seconds from a base instant as an ISO string with offset: compressed calendars are built from these. */
export const at = (baseMs: number, seconds: number) =>
  new Date(baseMs + seconds * 1000).toISOString().replace('Z', '+00:00');

export interface CompressedCalendarOffsets {
  phases: [number, number][]; // [start, end] seconds for the four phases
  deadlines: Record<DeliverableCode, number>;
  closesAt: number;
}

/** A whole campaign in about a minute: every deadline seconds apart. */
export const ONE_MINUTE_CAMPAIGN: CompressedCalendarOffsets = {
  phases: [
    [0, 15],
    [15, 30],
    [30, 40],
    [40, 45],
  ],
  deadlines: deadlinesByPhase({ deployment: 10, self_inspection: 28, consolidation: 38 }, { D3: 12, D6: 30, D8: 40 }),
  closesAt: 50,
};

export function compressedCalendar(baseMs: number, o: CompressedCalendarOffsets = ONE_MINUTE_CAMPAIGN) {
  const keys = ['deployment', 'self_inspection', 'consolidation', 'spot_check'];
  return {
    timeZone: 'Asia/Shanghai',
    phases: o.phases.map(([s, e], i) => ({ key: keys[i], startsAt: at(baseMs, s), endsAt: at(baseMs, e) })),
    deadlines: Object.fromEntries(Object.entries(o.deadlines).map(([k, s]) => [k, at(baseMs, s)])),
    closesAt: at(baseMs, o.closesAt),
  };
}

/** A ladder in seconds: reminders 4 s and 2 s before, overdue at T, notice at +3 s, listed at +6 s. */
export const SECONDS_POLICY = {
  reminders: ['PT4S', 'PT2S'],
  escalation: [
    { after: 'PT0S', action: 'overdue' },
    { after: 'PT3S', action: 'supervision_notice' },
    { after: 'PT6S', action: 'listed_supervision' },
  ],
  warnWithin: 'PT3S',
  itemDue: { immediate: 'PT8S', disciplinary_lead: 'PT5S' },
  complaintInvestigation: 'PT8S',
};

export const JURISDICTION = {
  id: 'zhongwei',
  name: '中卫市',
  children: [
    { id: 'shapotou', name: '沙坡头区' },
    { id: 'zhongning', name: '中宁县' },
  ],
};

/**
 * Each test file names agencies of its own, one set per jurisdiction: the registry holds every agency once, under one
 * jurisdiction, across all files of a run (jest gives every file a fresh copy of this module, hence a fresh seed).
 */
const FILE_SEED = randomBytes(8).toString('hex');
const agencyTag = (jurisdictionId: string) =>
  createHash('sha256').update(`${FILE_SEED}/${jurisdictionId}`).digest('hex').slice(0, 6);

export function agencies(n: number, jurisdictionId = 'zhongwei') {
  const tag = agencyTag(jurisdictionId);
  return Array.from({ length: n }, (_, i) => ({
    id: `agency-${tag}-${String(i + 1).padStart(3, '0')}`,
    name: `执法机关${i + 1}`,
    jurisdictionId,
    contact: { name: `联系人${i + 1}`, phone: '0955-7000000', email: `contact${i + 1}@example.gov.cn` },
  }));
}

export async function createKey(
  http: HttpClient,
  adminToken: string,
  key: { role: string; jurisdictionId?: string; agencyId?: string },
) {
  const res = await http.post('/v1/api-keys', { label: `${key.role} key`, ...key }, adminToken);
  if (res.status !== 201) throw new Error(`key creation failed: ${res.status} ${res.text}`);
  return res.body.token as string;
}

export async function createCampaign(http: HttpClient, bureauToken: string, body: Record<string, unknown>) {
  const res = await http.post(
    '/v1/campaigns',
    { name: '专项整治（测试）', jurisdiction: JURISDICTION, ...body },
    bureauToken,
  );
  if (res.status !== 201) throw new Error(`campaign creation failed: ${res.status} ${res.text}`);
  return res.body.id as string;
}

/**
 * Polls until the probe answers. A probe that fails because a connection was refused or dropped is asked again: after
 * an outage a pool may still hand out a connection attempt begun while the server was away (postgres.js queues a
 * query on it and rejects it with ECONNREFUSED although the server is back). Any other error fails at once.
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let lastError: unknown;
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      if (!isConnectionLoss(err)) throw err;
      lastError = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${lastError ? ` (last: ${String(lastError)})` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const CONNECTION_LOSS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);
const isConnectionLoss = (err: unknown) => CONNECTION_LOSS.has(String((err as { code?: unknown } | null)?.code));

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A calendar whose deployment and self-inspection phases are both open now and stay open for an hour or more. */
export function openCalendar(nowMs = Date.now()) {
  const h = 3600;
  return compressedCalendar(nowMs, {
    phases: [
      [-10, h],
      [-10, 2 * h],
      [2 * h, 3 * h],
      [3 * h, 4 * h],
    ],
    deadlines: deadlinesByPhase({ deployment: h, self_inspection: 2 * h, consolidation: 3 * h }),
    closesAt: 5 * h,
  });
}

/** Waits until the campaign's fan-out has started the named agencies' workflows (they take submissions from then on). */
export async function agenciesStarted(
  http: HttpClient,
  token: string,
  campaignId: string,
  agencyIds: readonly string[],
) {
  await eventually('the agency workflows', async () => {
    const started = await Promise.all(
      agencyIds.map(async (id) => (await http.get(`/v1/campaigns/${campaignId}/agencies/${id}`, token)).body.started),
    );
    return started.every(Boolean);
  });
}
