/** What the notification workflow and its activities exchange (docs/NOTIFICATIONS.md). Ids are bigserials, as strings. */
export interface NotificationWorkflowInput {
  outboxId: string;
  /** An operator's retry: these deliveries only (each set back to pending first); absent: the whole notification. */
  deliveryIds?: string[];
  /**
   * The run an operator's retry is: the run's first step sets its failed deliveries of the run before back to pending
   * and the outbox row with them. Absent in retries started before, whose API had done that before the start.
   */
  retryRun?: number;
  /** Given to planNotification, not to the workflow: the workflow's clock, from which the delivery window is counted. */
  nowMs?: number;
}

export interface DeliveryRetryPolicy {
  maximumAttempts: number;
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
}

export interface NotificationPlan {
  outboxId: string;
  /** the deliveries still pending that go now, each sent by its own activity */
  deliveryIds: string[];
  retry: DeliveryRetryPolicy;
  /** the pushes that wait for the delivery window (docs/NOTIFICATIONS.md "Working hours"), sent at atMs */
  windowed?: { atMs: number; deliveryIds: string[] };
}

export interface NotificationOutcome {
  delivered: number;
  failed: number;
}

export interface DeliveryResult {
  deliveryId: string;
  outcome: 'delivered' | 'already_delivered' | 'gone';
}

/** A failure that no retry can mend (a 4xx from a webhook, a 5xx from SMTP, a deleted subscription): fails at once. */
export const PERMANENT_DELIVERY_FAILURE = 'PermanentDeliveryFailure';
export const DELIVERY_FAILURE = 'DeliveryFailure';
