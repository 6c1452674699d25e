import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

/**
 * Activities retry until they succeed: a database outage delays a reminder, it never drops it. Every activity is
 * idempotent, so a retry after an unknown outcome changes nothing.
 */
export const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});
