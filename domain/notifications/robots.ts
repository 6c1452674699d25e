import { AGENCY_AUDIENCES, BUREAU_AUDIENCES, type PlannedRecipient } from './recipients';

/**
 * Who hears of a notification on a group robot (WeCom, DingTalk; docs/NOTIFICATIONS.md "Group robots"): the robots a
 * unit configured (PUT /v1/agencies/:id/channels, PUT /v1/jurisdictions/:id/channels). An agency's messages go to its
 * own robot, or, when it has none, to the nearest jurisdiction's up its path; a bureau's to the nearest jurisdiction's
 * from the subject's own up. One robot named twice in a notification is one delivery.
 */
export const ROBOT_CHANNELS = ['wecom', 'dingtalk'] as const;
export type RobotChannel = (typeof ROBOT_CHANNELS)[number];

export interface UnitRobots {
  unitKind: 'agency' | 'jurisdiction';
  unitId: string;
  channels: RobotChannel[];
}

export interface RobotFacts {
  audience: string[];
  /** null for a complaint: the agency complained about is not told */
  agencyId: string | null;
  /** the subject's jurisdiction and its ancestors, root first */
  jurisdictionPath: string[];
  units: UnitRobots[];
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
  for (const channel of ROBOT_CHANNELS) {
    const toAgency = f.agencyId && f.audience.some((a) => AGENCY_AUDIENCES.includes(a));
    const toBureau = f.audience.some((a) => BUREAU_AUDIENCES.includes(a));
    const jurisdiction = nearestJurisdiction(channel);
    if (toAgency && has('agency', f.agencyId!, channel)) add('agency', f.agencyId!, channel);
    else if (toAgency && jurisdiction) add('bureau', jurisdiction, channel);
    if (toBureau && jurisdiction) add('bureau', jurisdiction, channel);
  }
  return [...out.values()];
}
