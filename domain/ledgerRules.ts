import type { Classification, ItemActionName, ItemStatus } from './ledger';

// The ledger's rules, apart from the zod schemas of ./ledger: the item workflow imports them (see ./phases for why).

/** Which statuses each action may start from: the status machine of 销号式管理 in one table. */
export const ACTION_FROM: Record<ItemActionName, readonly ItemStatus[]> = {
  start: ['open'],
  submit: ['open', 'rectifying'],
  verify: ['pending_verification'],
  reject: ['pending_verification'],
  close: ['open', 'rectifying', 'pending_verification'],
  request_extension: ['open', 'rectifying'],
  decide_extension: ['open', 'rectifying', 'pending_verification'],
  list_supervision: ['open', 'rectifying', 'pending_verification'],
  lift_listing: ['open', 'rectifying', 'pending_verification', 'closed'],
  refer: ['open', 'rectifying', 'pending_verification'],
};

export const ACTION_ROLES: Record<ItemActionName, readonly ('agency' | 'bureau')[]> = {
  start: ['agency'],
  submit: ['agency'],
  verify: ['bureau'],
  reject: ['bureau'],
  close: ['bureau'],
  request_extension: ['agency'],
  decide_extension: ['bureau'],
  list_supervision: ['bureau'],
  lift_listing: ['bureau'],
  refer: ['bureau', 'agency'],
};

/**
 * The ladder of an item's deadline: a disciplinary lead not transferred by its deadline is referred straight to the
 * discipline commission (SPEC §8); every other item follows the campaign's ladder.
 */
export function itemLadderPolicy<P extends { escalation: readonly { after: string; action: string }[] }>(
  policy: P,
  classification: Classification,
): P {
  if (classification !== 'disciplinary_lead') return policy;
  return {
    ...policy,
    escalation: [
      { after: 'PT0S', action: 'overdue' },
      { after: 'PT0S', action: 'discipline_referral' },
    ],
  };
}
