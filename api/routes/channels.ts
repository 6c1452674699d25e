import { z } from 'zod';
import type { Sql } from 'postgres';
import { Id } from '../../domain/campaign';
import { outboundUrlAllowed } from '../../services/outbound';
import { keepsJurisdiction } from '../../services/scope';
import { HttpError, notFound, refused } from '../errors';
import type { Principal } from '../principal';
import { route } from '../route';
import { maskUrl } from './notifications';

/**
 * Where a unit's messages go besides the inbox and email (SPEC §16, API.md "Channels and working hours"): its WeCom
 * and DingTalk group robots and the mobile numbers for SMS. A robot's URL carries its key and is shown masked; a
 * DingTalk secret is never shown, only whether there is one. URLs that lead inside are refused (services/outbound.ts).
 */

const RobotUrl = z.url({ protocol: /^https?$/ }).max(2000);
const Mobile = z.string().regex(/^1[3-9]\d{9}$/, '11 位手机号码');

const ChannelsBody = z.strictObject({
  wecom: z.strictObject({ webhookUrl: RobotUrl }).nullable().optional(),
  dingtalk: z
    .strictObject({ webhookUrl: RobotUrl, secret: z.string().min(1).max(200).optional() })
    .nullable()
    .optional(),
  sms: z
    .strictObject({ mobiles: z.array(Mobile).max(20) })
    .nullable()
    .optional(),
});
type ChannelsBody = z.infer<typeof ChannelsBody>;

const UnitChannels = z
  .object({
    unitKind: z.enum(['jurisdiction', 'agency']),
    unitId: z.string(),
    wecom: z.object({ webhookUrl: z.string() }).nullable(),
    dingtalk: z.object({ webhookUrl: z.string(), signed: z.boolean() }).nullable(),
    sms: z.object({ mobiles: z.array(z.string()) }).nullable(),
    updatedAt: z.string().nullable().describe('null: the unit never set its channels'),
  })
  .meta({ id: 'UnitChannels' });

interface UnitChannelsRow {
  unit_kind: 'jurisdiction' | 'agency';
  unit_id: string;
  wecom: { webhookUrl: string } | null;
  dingtalk: { webhookUrl: string; secret?: string } | null;
  sms: { mobiles: string[] } | null;
  updated_at: Date;
}

const view = (r: UnitChannelsRow): z.infer<typeof UnitChannels> => ({
  unitKind: r.unit_kind,
  unitId: r.unit_id,
  wecom: r.wecom ? { webhookUrl: maskUrl(r.wecom.webhookUrl) } : null,
  dingtalk: r.dingtalk ? { webhookUrl: maskUrl(r.dingtalk.webhookUrl), signed: !!r.dingtalk.secret } : null,
  sms: r.sms,
  updatedAt: r.updated_at.toISOString(),
});

const outsideScope = (id: string) => new HttpError(403, 'outside_scope', `不在本单位辖区内，不能修改：${id}`, [id]);

/** Saves what the body names (null removes a channel, absent keeps it), refusing URLs that lead inside. */
async function putChannels(
  sql: Sql,
  p: Principal,
  unit: { kind: 'jurisdiction' | 'agency'; id: string },
  body: ChannelsBody,
): Promise<UnitChannelsRow> {
  for (const [name, robot] of [
    ['wecom', body.wecom],
    ['dingtalk', body.dingtalk],
  ] as const) {
    if (robot && !(await outboundUrlAllowed(robot.webhookUrl)))
      throw refused(
        'outbound_address_forbidden',
        `${name === 'wecom' ? '企业微信' : '钉钉'}机器人地址指向内部网络或本机，不能使用`,
        [name],
      );
  }
  const json = (v: object | null | undefined) =>
    v === undefined ? undefined : v === null ? null : sql.json(v as never);
  const values = { wecom: json(body.wecom), dingtalk: json(body.dingtalk), sms: json(body.sms) };
  const set = Object.entries(values).filter(([, v]) => v !== undefined);
  const [row] = await sql<UnitChannelsRow[]>`
    insert into unit_channels (unit_kind, unit_id, wecom, dingtalk, sms, updated_by)
    values (${unit.kind}, ${unit.id}, ${values.wecom ?? null}, ${values.dingtalk ?? null}, ${values.sms ?? null}, ${p.keyId})
    on conflict (unit_kind, unit_id) do update set
      ${set.length ? sql`${sql.unsafe(set.map(([k]) => `${k} = excluded.${k}`).join(', '))},` : sql``}
      updated_by = excluded.updated_by, updated_at = now()
    returning *`;
  return row;
}

/** The unit the path names, when the caller keeps it: 404 when there is none, 403 outside the caller's subtree. */
async function keptUnit(sql: Sql, p: Principal, kind: 'jurisdiction' | 'agency', id: string) {
  const [u] =
    kind === 'jurisdiction'
      ? await sql<{ jurisdiction_id: string }[]>`select id as jurisdiction_id from org_jurisdictions where id = ${id}`
      : await sql<{ jurisdiction_id: string }[]>`select jurisdiction_id from org_agencies where id = ${id}`;
  if (!u) throw notFound(kind);
  if (!(await keepsJurisdiction(sql, p, u.jurisdiction_id))) throw outsideScope(id);
  return { kind, id };
}

/** What a unit has set; a unit that never set anything has no channels. */
async function getChannels(sql: Sql, unit: { kind: 'jurisdiction' | 'agency'; id: string }) {
  const [row] = await sql<UnitChannelsRow[]>`
    select * from unit_channels where unit_kind = ${unit.kind} and unit_id = ${unit.id}`;
  return row
    ? view(row)
    : { unitKind: unit.kind, unitId: unit.id, wecom: null, dingtalk: null, sms: null, updatedAt: null };
}

/** The units that keep channels: a jurisdiction (its bureau's, and its agencies' fallback) and an agency. */
const UNITS = [
  {
    kind: 'jurisdiction',
    path: '/v1/jurisdictions/:id/channels',
    whose: 'a jurisdiction',
    setSummary:
      "Set a jurisdiction's group robots (WeCom, DingTalk) and SMS numbers: its bureau's messages go there, and an " +
      "agency's when the agency has none of its own. A channel absent is kept, null removes it. Admin; a bureau within its subtree.",
  },
  {
    kind: 'agency',
    path: '/v1/agencies/:id/channels',
    whose: 'an agency',
    setSummary:
      "Set an agency's group robots (WeCom, DingTalk) and SMS numbers for its reminders and escalations. A channel " +
      'absent is kept, null removes it. Admin; a bureau within its subtree.',
  },
] as const;

export const channelRoutes = [
  ...UNITS.map((u) =>
    route({
      method: 'get',
      path: u.path,
      tag: 'notifications',
      summary: `The group robots and SMS numbers of ${u.whose} (URLs masked, a DingTalk secret only as signed). Admin; a bureau within its subtree.`,
      access: ['admin', 'bureau'],
      params: z.strictObject({ id: Id }),
      response: { status: 200, description: 'the channels as stored (URLs masked)', schema: UnitChannels },
      errors: [403, 404],
      async handler({ params, principal: p, deps: { sql } }) {
        return { body: await getChannels(sql, await keptUnit(sql, p, u.kind, params.id)) };
      },
    }),
  ),

  ...UNITS.map((u) =>
    route({
      method: 'put',
      path: u.path,
      tag: 'notifications',
      summary: u.setSummary,
      access: ['admin', 'bureau'],
      params: z.strictObject({ id: Id }),
      body: ChannelsBody,
      response: { status: 200, description: 'the channels as stored (URLs masked)', schema: UnitChannels },
      errors: [403, 404, 422],
      async handler({ params, body, principal: p, deps: { sql } }) {
        return { body: view(await putChannels(sql, p, await keptUnit(sql, p, u.kind, params.id), body)) };
      },
    }),
  ),
];
