import { failureText, type FailureKind } from '../../domain/notifications/channels';

/**
 * A failed send, by its kind (domain/notifications/channels.ts FAILURE_KINDS). Its message is what operators see: the
 * reason in Chinese and the kind. `detail` says what exactly happened (a status, an errcode, a socket error) for the
 * worker's log only, since a receiver's answer may describe a network operators should not learn about.
 */
export class SendError extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly detail: string,
    /** a throttled target's own pause before the next try */
    readonly retryAfterMs?: number,
  ) {
    super(failureText(kind));
  }

  /** no retry can mend it */
  get permanent(): boolean {
    return this.kind === 'permanent' || this.kind === 'forbidden_address' || this.kind === 'not_configured';
  }
}

export interface Sent {
  detail: string;
}
