import type { Channel } from './channels';
import type { Locale, NotificationType } from './templates';

/**
 * Who hears of one notification, on which channel (docs/NOTIFICATIONS.md): a pure function of the audience the step
 * named and the contacts known when it is dispatched. Each (recipient, channel) appears once.
 */
export type { Channel } from './channels';
export type RecipientKind = 'agency' | 'bureau' | 'government' | 'discipline_commission' | 'webhook';

export interface BureauContact {
  jurisdictionId: string;
  email: string | null;
  governmentEmail: string | null;
  disciplineEmail: string | null;
  locale: Locale;
}

export interface WebhookTarget {
  id: string;
  jurisdictionId: string | null;
  /** empty: every step; else step types (reminder, escalation) and/or step names (overdue, supervision_notice, …) */
  events: string[];
  locale: Locale;
}

export interface RecipientFacts {
  audience: string[];
  type: NotificationType;
  step: string;
  /** null for a complaint that names no agency */
  agency: { id: string; email: string | null } | null;
  /** the subject's jurisdiction and its ancestors, root first; empty when unknown */
  jurisdictionPath: string[];
  bureauContacts: BureauContact[];
  webhooks: WebhookTarget[];
  /** email goes out only when SMTP is configured */
  emailEnabled: boolean;
  /**
   * The jurisdictions on the path with a bureau operator (services/bureauDesks.ts): a bureau's inbox message goes to
   * the nearest of them, from the subject's own up, so a county without operators leaves nothing unseen. Absent: the
   * subject's own bureau, as before.
   */
  staffedJurisdictions?: string[];
  /** The bureau in whose name the notice this message carries was issued: its inbox hears of it too. */
  noticeIssuerId?: string | null;
}

export interface PlannedRecipient {
  kind: RecipientKind;
  id: string;
  /** stable across runs: part of the dedupe key */
  key: string;
  channel: Channel;
  address: string | null;
  subscriptionId: string | null;
  locale: Locale;
}

export const AGENCY_AUDIENCES = ['agency_contact', 'agency_head'];
export const BUREAU_AUDIENCES = ['supervising_bureau', 'investigating_bureau'];

/** `<outboxId>:<recipientKey>:<channel>`: the Idempotency-Key of a webhook, the source of an email's Message-ID. */
export const dedupeKey = (outboxId: string | number, recipientKey: string, channel: Channel) =>
  `${outboxId}:${recipientKey}:${channel}`;

/** The nearest jurisdiction on the path (the subject's own first, then up) whose contact has the field. */
function nearest<K extends 'email' | 'governmentEmail' | 'disciplineEmail'>(
  f: RecipientFacts,
  field: K,
): BureauContact | null {
  const byId = new Map(f.bureauContacts.map((c) => [c.jurisdictionId, c]));
  for (let i = f.jurisdictionPath.length - 1; i >= 0; i -= 1) {
    const c = byId.get(f.jurisdictionPath[i]);
    if (c?.[field]) return c;
  }
  return null;
}

export function webhookWants(w: WebhookTarget, f: Pick<RecipientFacts, 'type' | 'step' | 'jurisdictionPath'>): boolean {
  const inScope = w.jurisdictionId === null || f.jurisdictionPath.includes(w.jurisdictionId);
  const wanted = w.events.length === 0 || w.events.includes(f.type) || w.events.includes(f.step);
  return inScope && wanted;
}

/**
 * The bureau whose inbox a message for the subject's bureau goes to: the nearest jurisdiction on the path, the
 * subject's own first, with an operator; the subject's own when none has one (or nobody said who has).
 */
function deskOf(f: RecipientFacts): string | null {
  const own = f.jurisdictionPath.at(-1) ?? null;
  if (!f.staffedJurisdictions) return own;
  const staffed = new Set(f.staffedJurisdictions);
  return [...f.jurisdictionPath].reverse().find((j) => staffed.has(j)) ?? own;
}

export function planRecipients(f: RecipientFacts): PlannedRecipient[] {
  const out = new Map<string, PlannedRecipient>();
  const add = (r: Omit<PlannedRecipient, 'subscriptionId'> & { subscriptionId?: string | null }) => {
    const k = `${r.key}:${r.channel}`;
    if (!out.has(k)) out.set(k, { subscriptionId: null, ...r });
  };
  const own = deskOf(f);
  const bureauInbox = (id: string, locale: Locale) =>
    add({ kind: 'bureau', id, key: `bureau:${id}`, channel: 'inbox', address: null, locale });
  for (const audience of f.audience) {
    if (AGENCY_AUDIENCES.includes(audience) && f.agency) {
      const key = `agency:${f.agency.id}`;
      add({ kind: 'agency', id: f.agency.id, key, channel: 'inbox', address: null, locale: 'zh' });
      if (f.emailEnabled && f.agency.email)
        add({ kind: 'agency', id: f.agency.id, key, channel: 'email', address: f.agency.email, locale: 'zh' });
    } else if (BUREAU_AUDIENCES.includes(audience)) {
      const contact = nearest(f, 'email');
      if (own) bureauInbox(own, contact?.locale ?? 'zh');
      if (f.noticeIssuerId) bureauInbox(f.noticeIssuerId, contact?.locale ?? 'zh');
      if (f.emailEnabled && contact) {
        add({
          kind: 'bureau',
          id: contact.jurisdictionId,
          key: `bureau:${contact.jurisdictionId}`,
          channel: 'email',
          address: contact.email,
          locale: contact.locale,
        });
      }
    } else if (audience === 'government' || audience === 'discipline_commission') {
      const contact = nearest(f, audience === 'government' ? 'governmentEmail' : 'disciplineEmail');
      if (f.emailEnabled && contact) {
        const address = audience === 'government' ? contact.governmentEmail : contact.disciplineEmail;
        add({
          kind: audience,
          id: contact.jurisdictionId,
          key: `${audience}:${contact.jurisdictionId}`,
          channel: 'email',
          address,
          locale: contact.locale,
        });
      }
    }
  }
  for (const w of f.webhooks) {
    if (webhookWants(w, f))
      add({
        kind: 'webhook',
        id: w.id,
        key: `webhook:${w.id}`,
        channel: 'webhook',
        address: null,
        subscriptionId: w.id,
        locale: w.locale,
      });
  }
  return [...out.values()];
}
