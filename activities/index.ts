import type { ActivityDeps } from './deps';
import { fanOutActivities } from './fanOut';
import { campaignRowActivities } from './campaignRows';
import { deadlineStepActivities } from './deadlineSteps';
import { agencyRecordActivities } from './agencyRecords';
import { ledgerActivities } from './ledger';
import { complaintActivities } from './complaints';
import { notificationActivities } from './notifications';
import { assessmentActivities } from './assessment';
import { documentReceiptActivities } from './documentReceipts';
import { documentIssueActivities } from './documentIssues';

export type { ActivityDeps } from './deps';

export function createActivities(deps: ActivityDeps) {
  return {
    ...campaignRowActivities(deps),
    ...fanOutActivities(deps),
    ...deadlineStepActivities(deps),
    ...agencyRecordActivities(deps),
    ...ledgerActivities(deps),
    ...complaintActivities(deps),
    ...notificationActivities(deps),
    ...assessmentActivities(deps),
    ...documentReceiptActivities(deps),
    ...documentIssueActivities(deps),
  };
}

/** Workflows import this type only, never the implementations. */
export type Activities = ReturnType<typeof createActivities>;
