/** The workflow bundle's entry point: every workflow type the worker registers. */
export { campaignWorkflow } from './campaign';
export { agencyWorkflow } from './agency';
export { ledgerItemWorkflow } from './ledgerItem';
export { complaintWorkflow } from './complaint';
export { notificationWorkflow } from './notification';
export { readinessProbe } from './readiness';
export { assessmentWorkflow } from './assessment';
export { documentReceiptWorkflow } from './documentReceipt';
