import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Client } from '@temporalio/client';
import { openItem } from './workflowStarts';
import { startSearchAttributes } from '../domain/searchAttributes';
import type { Sql } from 'postgres';
import type { z } from 'zod';
import type { CampaignSettings } from '../domain/campaign';
import type { Actor, LedgerItemWorkflowInput } from '../domain/contract';
import type { NewLedgerItemSchema } from '../domain/ledger';
import { shiftInstant } from '../domain/policy/durations';
import { dayCalendar } from '../domain/policy/schedule';
import { refusal } from '../domain/refusals';
import { dueTooFar } from '../domain/policy/dueDateBounds';

export interface LedgerDeps {
  sql: Sql;
  client: Client;
  config: { TEMPORAL_TASK_QUEUE: string };
}

export interface NewItemContext {
  campaign: { id: string; settings: CampaignSettings };
  agencyId: string;
  by: Actor;
  disposals?: string[];
  spotCheckId?: string;
  /** A fixed id makes opening idempotent: a complaint's activity retried opens the same item once. */
  itemId?: string;
}

/**
 * Opens a ledger item: its workflow, which writes the item's row. The items route, spot-check findings and substantiated
 * complaints all come through here, so every path into the ledger is the same.
 */
export async function openLedgerItem(
  deps: LedgerDeps,
  ctx: NewItemContext,
  item: z.output<typeof NewLedgerItemSchema>,
): Promise<string> {
  const { sql, client, config } = deps;
  const { settings } = ctx.campaign;
  const createdAt = new Date().toISOString();
  const foundOn = item.foundOn ?? DateTime.now().setZone(settings.calendar.timeZone).toISODate()!;
  const dueAt = item.dueAt
    ? new Date(item.dueAt).toISOString()
    : new Date(
        shiftInstant(
          Date.now(),
          settings.policy.itemDue[item.classification as 'immediate' | 'disciplinary_lead'],
          1,
          dayCalendar(settings.policy, settings.calendar.timeZone),
        ),
      ).toISOString();
  if (Date.parse(dueAt) <= Date.now()) throw refusal('item_due_in_past', '整改期限须晚于当前时间');
  const tooFar = dueTooFar(dueAt, settings.calendar);
  if (tooFar) throw refusal('item_due_too_far', tooFar);
  const id = ctx.itemId ?? `i-${randomBytes(8).toString('hex')}`;
  const input: LedgerItemWorkflowInput = {
    itemId: id,
    campaignId: ctx.campaign.id,
    agencyId: ctx.agencyId,
    settings,
    item: { ...item, foundOn },
    dueAt,
    createdBy: { keyId: ctx.by.keyId, role: ctx.by.role, ...(ctx.by.name ? { name: ctx.by.name } : {}) },
    createdAt,
    ...(ctx.disposals ? { disposals: ctx.disposals } : {}),
    ...(ctx.spotCheckId ? { spotCheckId: ctx.spotCheckId } : {}),
  };
  // The workflow first, and it writes the item's row in its first task: nothing to take back if anything fails.
  await openItem(client, input, {
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    searchAttributes: startSearchAttributes({ campaignId: ctx.campaign.id, agencyId: ctx.agencyId }),
    rowExists: async () => (await sql`select 1 from ledger_items where id = ${id}`).length > 0,
  });
  return id;
}
