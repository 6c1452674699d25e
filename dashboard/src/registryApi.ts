import { ApiError, api, qs, session, type PageOf } from './api';

/** The registry as the dashboard reads it (API.md "Organisation registry"). */
export interface RegistryJurisdiction {
  id: string;
  name: string;
  parentId: string | null;
  path: string[];
  noticePrefix: string | null;
}
export interface RegistryAgency {
  id: string;
  name: string;
  jurisdictionId: string;
  jurisdictionName: string;
  creditCode: string | null;
  contact: { name?: string; phone?: string } | null;
}
export interface ImportReport {
  dryRun: boolean;
  applied: boolean;
  rows: number;
  created: number;
  updated: number;
  errors: { row: number; column: string; message: string }[];
}

/** A unit's group robots and SMS numbers as the API answers them: robot URLs masked, a DingTalk secret only as signed. */
export interface UnitChannels {
  unitKind: 'jurisdiction' | 'agency';
  unitId: string;
  wecom: { webhookUrl: string } | null;
  dingtalk: { webhookUrl: string; signed: boolean } | null;
  sms: { mobiles: string[] } | null;
  updatedAt: string | null;
}
/** A change: an absent channel is kept, null removes it. */
export interface ChannelsChange {
  wecom?: { webhookUrl: string } | null;
  dingtalk?: { webhookUrl: string; secret?: string } | null;
  sms?: { mobiles: string[] } | null;
}
const channelsPath = (kind: UnitChannels['unitKind'], id: string) =>
  `/v1/${kind === 'agency' ? 'agencies' : 'jurisdictions'}/${encodeURIComponent(id)}/channels`;

export const registry = {
  channels: (kind: UnitChannels['unitKind'], id: string) => api.get<UnitChannels>(channelsPath(kind, id)),
  setChannels: (kind: UnitChannels['unitKind'], id: string, change: ChannelsChange) =>
    api.put<UnitChannels>(channelsPath(kind, id), change),
  jurisdictions: () => api.get<{ items: RegistryJurisdiction[] }>('/v1/jurisdictions').then((r) => r.items),
  agencies: (q: string, limit = 200) =>
    api.get<PageOf<RegistryAgency>>(`/v1/agencies${qs({ q, limit })}`).then((r) => r.items),
  publicAgencies: (q: string) =>
    api
      .get<{ items: { id: string; name: string; jurisdictionName: string; jurisdictionPath: string[] }[] }>(
        `/v1/public/agencies${qs({ q })}`,
        { anonymous: true },
      )
      .then((r) => r.items),
  /** The roster upload: multipart, so not through request()'s JSON body. A 422 carries the report too. */
  async importRoster(file: File, dryRun: boolean): Promise<ImportReport> {
    const form = new FormData();
    form.append('file', file, file.name);
    const res = await fetch(`/v1/agencies/import${dryRun ? '?dryRun=true' : ''}`, {
      method: 'POST',
      headers: session.writeHeaders(),
      credentials: 'same-origin',
      body: form,
    });
    const body = (await res.json().catch(() => null)) as
      (ImportReport & { error?: { code: string; message: string } }) | null;
    if (body && Array.isArray(body.errors)) return body;
    throw new ApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `HTTP ${res.status}`);
  },
};

export interface TreeNode {
  id: string;
  name: string;
  children?: TreeNode[];
}

/** The registry's list (parents before children) as the nested tree a campaign definition carries, from `rootId` down. */
export function treeFrom(list: RegistryJurisdiction[], rootId: string): TreeNode | null {
  const byParent = new Map<string, RegistryJurisdiction[]>();
  for (const j of list) if (j.parentId) byParent.set(j.parentId, [...(byParent.get(j.parentId) ?? []), j]);
  const build = (j: RegistryJurisdiction): TreeNode => {
    const kids = byParent.get(j.id) ?? [];
    return kids.length ? { id: j.id, name: j.name, children: kids.map(build) } : { id: j.id, name: j.name };
  };
  const root = list.find((j) => j.id === rootId);
  return root ? build(root) : null;
}
