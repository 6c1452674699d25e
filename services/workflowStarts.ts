import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import type { SearchAttributePair, Workflow } from '@temporalio/common';
import {
  openedUpdate,
  workflowIds,
  type AgencyWorkflowInput,
  type AssessmentWorkflowInput,
  type DocumentReceiptInput,
  type CampaignWorkflowInput,
  type ComplaintWorkflowInput,
  type LedgerItemWorkflowInput,
} from '../domain/contract';
import type { NotificationWorkflowInput } from '../domain/notifications/workflow';
import { ROW_WAIT_MS, RowPending } from './rowWritten';
import type {
  agencyWorkflow,
  assessmentWorkflow,
  documentReceiptWorkflow,
  campaignWorkflow,
  complaintWorkflow,
  ledgerItemWorkflow,
  notificationWorkflow,
} from '../workflows';

/**
 * One typed start per workflow: the workflow's own input type, its id from `workflowIds`, its search attributes. Every
 * start is at most once per id, whatever happens around the call: a running one is used as it is, and one that already
 * finished is never started again (activities and routes retried after an unknown outcome rely on it).
 */
interface Placement {
  taskQueue: string;
  searchAttributes?: SearchAttributePair[];
}

function startOptions(workflowId: string, o: Placement) {
  return {
    workflowId,
    taskQueue: o.taskQueue,
    ...(o.searchAttributes ? { typedSearchAttributes: o.searchAttributes } : {}),
    workflowIdReusePolicy: 'REJECT_DUPLICATE' as const,
  };
}

/** Starts unless that id ran before; true when this call started it (or found it running, under 'use'). */
async function startOnce<W extends Workflow>(
  client: Client,
  type: string,
  workflowId: string,
  args: Parameters<W>,
  o: Placement & { ifRunning?: 'use' | 'refuse' },
): Promise<boolean> {
  try {
    await client.workflow.start(type, {
      ...startOptions(workflowId, o),
      args: args as unknown[],
      workflowIdConflictPolicy: o.ifRunning === 'refuse' ? 'FAIL' : 'USE_EXISTING',
    });
    return true;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw err;
  }
}

/**
 * Starts a workflow that writes its own row and answers once the row is written (Update-with-Start on `opened`), so the
 * caller can read what it is told of. Found running, the update is answered by the running one; found finished (its
 * row long written), or a run from before the `opened` handler, the row is looked for once. A worker too slow to write
 * it within `waitMs` answers "try again": the workflow is started and will write it, and a retry finds the same one.
 */
async function open<W extends Workflow>(
  client: Client,
  type: string,
  workflowId: string,
  args: Parameters<W>,
  o: Placement & { rowExists: () => Promise<boolean>; waitMs?: number },
): Promise<void> {
  const startWorkflowOperation = new WithStartWorkflowOperation(type, {
    ...startOptions(workflowId, o),
    args: args as unknown[],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  try {
    await client.withDeadline(Date.now() + (o.waitMs ?? ROW_WAIT_MS), () =>
      client.workflow.executeUpdateWithStart(openedUpdate, { startWorkflowOperation }),
    );
    return;
  } catch (err) {
    const settled = err instanceof WorkflowExecutionAlreadyStartedError || err instanceof WorkflowUpdateFailedError;
    if (settled && (await o.rowExists())) return;
    if (settled) throw err;
    // the deadline passed (or the connection dropped) before the row was written
    if (await o.rowExists()) return;
    throw new RowPending(`${workflowId} is being opened; its row is not written yet`);
  }
}

type RowCheck = { rowExists: () => Promise<boolean>; waitMs?: number };

export const openCampaign = (client: Client, input: CampaignWorkflowInput, o: Placement & RowCheck) =>
  open<typeof campaignWorkflow>(client, 'campaignWorkflow', workflowIds.campaign(input.campaignId), [input], o);

export const openItem = (client: Client, input: LedgerItemWorkflowInput, o: Placement & RowCheck) =>
  open<typeof ledgerItemWorkflow>(client, 'ledgerItemWorkflow', workflowIds.item(input.itemId), [input], o);

export const openComplaint = (client: Client, input: ComplaintWorkflowInput, o: Placement & RowCheck) =>
  open<typeof complaintWorkflow>(client, 'complaintWorkflow', workflowIds.complaint(input.complaintId), [input], o);

export const startAgency = (client: Client, input: AgencyWorkflowInput, o: Placement) =>
  startOnce<typeof agencyWorkflow>(
    client,
    'agencyWorkflow',
    workflowIds.agency(input.campaignId, input.agency.id),
    [input],
    o,
  );

export const startNotification = (
  client: Client,
  workflowId: string,
  input: NotificationWorkflowInput,
  o: Placement & { ifRunning?: 'use' | 'refuse' },
) => startOnce<typeof notificationWorkflow>(client, 'notificationWorkflow', workflowId, [input], o);

export const startAssessment = (
  client: Client,
  input: AssessmentWorkflowInput,
  o: Placement & { ifRunning?: 'use' | 'refuse' },
) =>
  startOnce<typeof assessmentWorkflow>(
    client,
    'assessmentWorkflow',
    workflowIds.assessment(input.campaignId),
    [input],
    o,
  );

export const startDocumentReceipt = (client: Client, input: DocumentReceiptInput, o: Placement) =>
  startOnce<typeof documentReceiptWorkflow>(
    client,
    'documentReceiptWorkflow',
    workflowIds.documentReceipt(input.documentId),
    [input],
    o,
  );
