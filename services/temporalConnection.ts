import { InterceptingCall, ListenerBuilder, RequesterBuilder, type Interceptor } from '@grpc/grpc-js';
import { Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';

/**
 * The SDK's retry interceptor waits between attempts with setTimeout, and Connection.close() does not clear those
 * timers: one firing after close throws "Channel has been shut down" from the timer, an uncaught exception that
 * kills the process (seen when a worker stopped right after a Temporal outage). Its longest wait is 5 s plus 20 %
 * jitter.
 */
const LONGEST_RETRY_WAIT_MS = 6000;

/** A client connection to Temporal whose close() lets calls still retrying end first. */
export interface TemporalConnection {
  connection: Connection;
  close(): Promise<void>;
}

/**
 * Lazy, like Connection.lazy: nothing is dialled until the first call (await `connection.ensureConnected()` to fail
 * fast). Calls retry as the SDK's default does until close() begins; from then on no call retries, and close() waits
 * for the calls in flight — at most LONGEST_RETRY_WAIT_MS, since none waits longer to retry — before closing.
 */
export function temporalConnection(address: string): TemporalConnection {
  let closing = false;
  let inFlight = 0;
  let drained: (() => void) | null = null;
  const callEnded = () => {
    inFlight -= 1;
    if (inFlight === 0) drained?.();
  };

  // Outermost, so a call is counted once however many attempts the retry interceptor below makes.
  const counting: Interceptor = (options, nextCall) =>
    new InterceptingCall(
      nextCall(options),
      new RequesterBuilder()
        .withStart((metadata, _listener, next) => {
          inFlight += 1;
          next(
            metadata,
            new ListenerBuilder()
              .withOnReceiveStatus((status, nextStatus) => {
                callEnded();
                nextStatus(status);
              })
              .build(),
          );
        })
        .build(),
    );
  const sdkRetry = defaultGrpcRetryOptions();
  const retrying = makeGrpcRetryInterceptor({
    delayFunction: sdkRetry.delayFunction,
    retryableDecider: (attempt, status) => !closing && sdkRetry.retryableDecider(attempt, status),
  });

  const connection = Connection.lazy({ address, interceptors: [counting, retrying] });
  return {
    connection,
    async close() {
      closing = true;
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, LONGEST_RETRY_WAIT_MS);
          drained = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      await connection.close();
    },
  };
}
