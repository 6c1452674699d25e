import type { Channel } from '../../domain/notifications/channels';
import type { RenderedMessage } from '../../domain/notifications/templates';
import type { Sent } from './sendError';

/**
 * One send on one channel: a delivery's message, or a digest of every message due to the same recipient on the same
 * channel in one window (the first is the delivery that sends it; each keeps its own record and dedupe key).
 */
export interface Outgoing {
  channel: Channel;
  /** the sending delivery's dedupe key (a digest's is its first delivery's) */
  dedupeKey: string;
  notificationId: string;
  /** an email address, a mobile number, or the unit whose robot receives it (`agency:<id>`, `jurisdiction:<id>`) */
  address: string | null;
  subscriptionId: string | null;
  messages: RenderedMessage[];
  /** the webhook's JSON body, for a single message */
  body: unknown;
  /** the dashboard's work queue, which a digest links to */
  queueLink: string | null;
}

/** A channel's sending half (its row is in domain/notifications/channels.ts). */
export interface ChannelModule {
  /** whether recipients are planned on it at all (email only with SMTP_URL) */
  enabled: boolean;
  send(o: Outgoing): Promise<Sent>;
}
