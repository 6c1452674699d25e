import { continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { DocumentReceiptInput } from '../domain/contract';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/** Looks a run may take before it continues as new: a document chased every working day for months stays small. */
const LOOKS_PER_RUN = 200;

/**
 * 签收 and 催办 of one document (SPEC §14): sleeps until the receipt is due, then chases the addressee once a window
 * until the document is signed for or its campaign closes. The activity decides everything from the register's row
 * (services/documents/receipts.ts), so a restart, a retried look or a second worker chases once; the timers are
 * durable, so a chase due while the system was down is made when it comes back.
 */
export async function documentReceiptWorkflow(input: DocumentReceiptInput): Promise<'signed' | 'closed'> {
  for (let look = 0; look < LOOKS_PER_RUN; look++) {
    const next = await acts.chaseUnsignedDocument(input);
    if ('done' in next) return next.done;
    await sleep(Math.max(1000, Date.parse(next.wakeAt) - Date.now()));
  }
  return continueAsNew<typeof documentReceiptWorkflow>(input);
}
