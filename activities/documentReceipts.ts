import type { ActivityDeps } from './deps';
import { chaseUnsigned, type ReceiptWatch } from '../services/documents/receipts';
import type { DocumentReceiptInput } from '../domain/contract';

export function documentReceiptActivities({ sql }: ActivityDeps) {
  return {
    /** One look at a document's receipt: done, or when to look again (services/documents/receipts.ts). */
    async chaseUnsignedDocument(input: DocumentReceiptInput): Promise<ReceiptWatch> {
      return chaseUnsigned(sql, input.documentId);
    },
  };
}
