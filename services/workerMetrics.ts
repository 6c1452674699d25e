import { Counter, Histogram, Registry } from 'prom-client';

/** What became of a step the activity was asked to record (docs/OPERATIONS.md). */
export type StepOutcome = 'recorded' | 'missed' | 'repeated';

/**
 * What the worker's activities count, for Prometheus (docs/OPERATIONS.md lists the series and the alerts on them).
 * One registry per worker, so two workers in one process (tests) never share or double-register a series.
 */
export class WorkerMetrics {
  readonly registry = new Registry();
  /** outcome: recorded (taken now), missed (a reminder taken after its deadline: recorded, not sent), repeated. */
  readonly reminders = new Counter({
    name: 'campaign_reminders_total',
    help: 'Reminders (提醒) of deliverable, ledger-item and complaint deadlines, by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly escalations = new Counter({
    name: 'campaign_escalations_total',
    help: 'Escalations (逾期, 督办通知, 挂牌督办, 移交纪委) by step and outcome',
    labelNames: ['step', 'outcome'] as const,
    registers: [this.registry],
  });
  /** From the instant a step fell due to its record: the reminder that reaches people late shows here first. */
  readonly stepLateness = new Histogram({
    name: 'campaign_step_lateness_seconds',
    help: 'How long after its scheduled instant a reminder or escalation was recorded',
    labelNames: ['type'] as const,
    buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [this.registry],
  });
  /** outcome: delivered, attempt_failed (will be retried), failed (gave up; an operator may retry), already_delivered. */
  readonly notifications = new Counter({
    name: 'campaign_notification_deliveries_total',
    help: 'Notification delivery attempts by channel and outcome',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });

  /** A reminder or escalation the recording activity has committed, or found already recorded (repeated). */
  countStep(
    step: { type: 'reminder' | 'escalation'; step: string; scheduledFor: string },
    outcome: StepOutcome,
    nowMs = Date.now(),
  ): void {
    if (step.type === 'reminder') this.reminders.inc({ outcome });
    else this.escalations.inc({ step: step.step, outcome });
    if (outcome !== 'repeated')
      this.stepLateness.observe({ type: step.type }, Math.max(0, nowMs - Date.parse(step.scheduledFor)) / 1000);
  }
}
