import type { Sql } from 'postgres';
import { sleep } from './machine';
import { deadlinesByPhase } from '../domain/template';

/** Seconds from a base instant as ISO with offset (as test/support/campaigns.ts). */
export const at = (baseMs: number, s: number) => new Date(baseMs + s * 1000).toISOString().replace('Z', '+00:00');

export const JURISDICTION = {
  id: 'zhongwei',
  name: '中卫市',
  children: [
    { id: 'shapotou', name: '沙坡头区' },
    { id: 'zhongning', name: '中宁县' },
  ],
};
const J_IDS = ['zhongwei', 'shapotou', 'zhongning'];

export function agencies(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    id: `a-${String(i + 1).padStart(6, '0')}`,
    name: `执法机关${i + 1}`,
    jurisdictionId: J_IDS[i % 3],
    contact: { name: `联系人${i + 1}`, phone: '0955-7000000', email: `contact${i + 1}@example.gov.cn` },
  }));
}

type Offsets = { phases: [number, number][]; deadlines: Record<string, number>; closesAt: number };
export function calendar(baseMs: number, o: Offsets) {
  const keys = ['deployment', 'self_inspection', 'consolidation', 'spot_check'];
  return {
    timeZone: 'Asia/Shanghai',
    phases: o.phases.map(([s, e], i) => ({ key: keys[i], startsAt: at(baseMs, s), endsAt: at(baseMs, e) })),
    deadlines: Object.fromEntries(Object.entries(o.deadlines).map(([k, s]) => [k, at(baseMs, s)])),
    closesAt: at(baseMs, o.closesAt),
  };
}

/** Every phase open for hours, nothing due for an hour: agency workflows start, project once and wait. */
export function openCalendar(baseMs: number) {
  const h = 3600;
  return calendar(baseMs, {
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

/** D1's one reminder (1 h before it) falls at base + lead seconds; nothing else is due for about two hours. */
export function stormCalendar(baseMs: number, lead: number) {
  const L = lead;
  return calendar(baseMs, {
    phases: [
      [-5, L + 7200],
      [L + 7200, L + 7300],
      [L + 7300, L + 7400],
      [L + 7400, L + 7500],
    ],
    deadlines: deadlinesByPhase(
      { deployment: L + 7000, self_inspection: L + 7250, consolidation: L + 7350 },
      { D1: L + 3600 },
    ),
    closesAt: L + 7600,
  });
}
export const STORM_POLICY = {
  reminders: ['PT1H'],
  escalation: [{ after: 'PT0S', action: 'overdue' }],
  warnWithin: 'PT3S',
};

/** The whole campaign in about a minute, starting `lead` seconds from base (test/support ONE_MINUTE_CAMPAIGN). */
export function compressedCalendar(baseMs: number, lead: number) {
  const L = lead;
  return calendar(baseMs, {
    phases: [
      [-5, L + 15],
      [L + 15, L + 30],
      [L + 30, L + 40],
      [L + 40, L + 45],
    ],
    deadlines: deadlinesByPhase(
      { deployment: L + 10, self_inspection: L + 28, consolidation: L + 38 },
      { D3: L + 12, D6: L + 30, D8: L + 40 },
    ),
    closesAt: L + 50,
  });
}
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

/** The few response fields the bench reads. */
interface Body {
  token?: string;
  id?: string;
  workflow?: { fanOutDone?: boolean; agenciesStarted?: number } | null;
}

export class Api {
  constructor(readonly url: string) {}
  async req(
    method: string,
    path: string,
    token: string,
    body?: unknown,
  ): Promise<{ status: number; body: Body | null; text: string }> {
    const res = await fetch(this.url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let parsed: Body | null = null;
    try {
      parsed = JSON.parse(text) as Body;
    } catch {
      // csv
    }
    return { status: res.status, body: parsed, text };
  }
  async bureauKey(adminToken: string): Promise<string> {
    const r = await this.req('POST', '/v1/api-keys', adminToken, {
      role: 'bureau',
      jurisdictionId: 'zhongwei',
      label: 'bench',
    });
    if (r.status !== 201) throw new Error(`key creation failed: ${r.status} ${r.text}`);
    return r.body!.token!;
  }
  async createCampaign(token: string, n: number, cal: unknown, policy: unknown): Promise<string> {
    const r = await this.req('POST', '/v1/campaigns', token, {
      name: `bench ${n}`,
      jurisdiction: JURISDICTION,
      agencies: agencies(n),
      calendar: cal,
      policy,
    });
    if (r.status !== 201) throw new Error(`campaign creation failed: ${r.status} ${r.text.slice(0, 2000)}`);
    return r.body!.id!;
  }
}

/** Agencies whose workflow has run and projected itself at least once (state_version > 0). */
export async function projectedCount(sql: Sql, campaignId: string): Promise<number> {
  const [r] = await sql<
    { n: number }[]
  >`select count(*)::int as n from agencies where campaign_id = ${campaignId} and state_version > 0`;
  return r.n;
}

export async function until<T>(
  what: string,
  probe: () => Promise<T | false | null | undefined>,
  timeoutMs: number,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}
