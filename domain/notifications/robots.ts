import { AGENCY_AUDIENCES, BUREAU_AUDIENCES, type PlannedRecipient } from './recipients';

/**
 * Who hears of a notification on a unit's own channels: its group robots and its mobile numbers.
 *
 * Robots (WeCom, DingTalk; docs/NOTIFICATIONS.md "Group robots"): the robots a
 * unit configured (PUT /v1/agencies/:id/channels, PUT /v1/jurisdictions/:id/channels). An agency's messages go to its
 * own robots, or, when it has none, to the nearest jurisdiction's up its path; a bureau's to the nearest jurisdiction's
 * from the subject's own up. One robot named twice in a notification is one delivery.
 *
 * SMS (docs/NOTIFICATIONS.md "SMS"): an agency's messages go to its own numbers, its enabled accounts' mobiles and its
 * D2 contact's mobile; a bureau's to the numbers and the enabled bureau accounts' mobiles of the nearest jurisdiction
 * that has some. Never up to a county for an agency: a text
 * message reaches one person, not a group. One number is one delivery, whoever it is named for.
 */
export const MOBILE = /^1[3-9]\d{9}$/;
export const ROBOT_CHANNELS = ['wecom', 'dingtalk'] as const;
export type RobotChannel = (typeof ROBOT_CHANNELS)[number];

export interface UnitRobots {
  unitKind: 'agency' | 'jurisdiction';
  unitId: string;
  channels: RobotChannel[];
  mobiles: string[];
}

export interface RobotFacts {
  audience: string[];
  /** null for a complaint: the agency complained about is not told */
  agencyId: string | null;
  /** the subject's jurisdiction and its ancestors, root first */
  jurisdictionPath: string[];
  units: UnitRobots[];
  /** the D2 contact's phone, when it is a mobile number */
  contactMobile?: string | null;
  /** the mobiles on enabled accounts: the agency's accounts, and each jurisdiction's bureau accounts on the path */
  accountMobiles?: { unitKind: UnitRobots['unitKind']; unitId: string; mobile: string }[];
}

export function planRobotRecipients(f: RobotFacts): PlannedRecipient[] {
  const has = (kind: UnitRobots['unitKind'], id: string, channel: RobotChannel) =>
    f.units.some((u) => u.unitKind === kind && u.unitId === id && u.channels.includes(channel));
  const nearestJurisdiction = (channel: RobotChannel) =>
    [...f.jurisdictionPath].reverse().find((j) => has('jurisdiction', j, channel)) ?? null;
  const out = new Map<string, PlannedRecipient>();
  const add = (kind: 'agency' | 'bureau', id: string, channel: RobotChannel) => {
    const key = `${kind}:${id}`;
    const address = `${kind === 'agency' ? 'agency' : 'jurisdiction'}:${id}`;
    out.set(`${key}:${channel}`, { kind, id, key, channel, address, subscriptionId: null, locale: 'zh' });
  };
  const toRobotAgency = f.agencyId && f.audience.some((a) => AGENCY_AUDIENCES.includes(a));
  const toRobotBureau = f.audience.some((a) => BUREAU_AUDIENCES.includes(a));
  // an agency with a robot of its own is reached there only; one without, through its jurisdiction's
  const ownRobots = ROBOT_CHANNELS.some((c) => toRobotAgency && has('agency', f.agencyId!, c));
  for (const channel of ROBOT_CHANNELS) {
    const jurisdiction = nearestJurisdiction(channel);
    if (toRobotAgency && has('agency', f.agencyId!, channel)) add('agency', f.agencyId!, channel);
    else if (toRobotAgency && !ownRobots && jurisdiction) add('bureau', jurisdiction, channel);
    if (toRobotBureau && jurisdiction) add('bureau', jurisdiction, channel);
  }
  const toAgency = f.agencyId && f.audience.some((a) => AGENCY_AUDIENCES.includes(a));
  const toBureau = f.audience.some((a) => BUREAU_AUDIENCES.includes(a));
  const text = (kind: 'agency' | 'bureau', id: string, mobile: string) => {
    if (!MOBILE.test(mobile)) return;
    const key = `mobile:${mobile}`;
    if (!out.has(`${key}:sms`))
      out.set(`${key}:sms`, { kind, id, key, channel: 'sms', address: mobile, subscriptionId: null, locale: 'zh' });
  };
  const mobilesOf = (kind: UnitRobots['unitKind'], id: string) => [
    ...(f.units.find((u) => u.unitKind === kind && u.unitId === id)?.mobiles ?? []),
    ...(f.accountMobiles ?? []).filter((a) => a.unitKind === kind && a.unitId === id).map((a) => a.mobile),
  ];
  if (toAgency)
    for (const m of [...mobilesOf('agency', f.agencyId!), ...(f.contactMobile ? [f.contactMobile] : [])])
      text('agency', f.agencyId!, m);
  if (toBureau) {
    const j = [...f.jurisdictionPath].reverse().find((id) => mobilesOf('jurisdiction', id).length);
    for (const m of j ? mobilesOf('jurisdiction', j) : []) text('bureau', j!, m);
  }
  return [...out.values()];
}
