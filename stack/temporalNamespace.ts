import { Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '../domain/searchAttributes';
import { waitFor } from './processes';

const { IndexedValueType } = temporal.api.enums.v1;
/** How long closed workflows are kept: docker-compose's DEFAULT_NAMESPACE_RETENTION. */
const RETENTION = '720h';
const NOT_FOUND = 5;
const ALREADY_EXISTS = 6;

/**
 * What `temporal operator namespace create` and `temporal operator search-attribute create` do, over gRPC: the
 * namespace and the product's search attributes, each made when missing. Returns once a workflow list filtered on
 * every attribute succeeds, which is when the server's namespace and search-attribute caches know them both (a real
 * server refreshes them every few seconds; until then starts fail).
 */
export async function ensureNamespace(address: string, namespace: string, timeoutMs: number): Promise<void> {
  const connection = await waitFor(
    'the Temporal server',
    () => Connection.connect({ address, connectTimeout: 2000 }),
    timeoutMs,
  );
  try {
    const { workflowService, operatorService } = connection;
    await waitFor('the Temporal server to serve', () => workflowService.getSystemInfo({}), timeoutMs);
    try {
      await workflowService.describeNamespace({ namespace });
    } catch (err) {
      if ((err as { code?: number }).code !== NOT_FOUND) throw err;
      await workflowService
        .registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(RETENTION) })
        .catch((e: { code?: number }) => {
          if (e.code !== ALREADY_EXISTS) throw e;
        });
    }
    const { customAttributes } = await waitFor(
      'the namespace',
      () => operatorService.listSearchAttributes({ namespace }),
      timeoutMs,
    );
    const missing = SEARCH_ATTRIBUTES.filter((a) => !customAttributes?.[a.name]);
    if (missing.length > 0)
      await operatorService.addSearchAttributes({ namespace, searchAttributes: indexedTypes(missing) });
    const query = SEARCH_ATTRIBUTES.map((a) => `${a.name} = 'probe'`).join(' and ');
    await waitFor(
      'the namespace and its search attributes',
      () => workflowService.countWorkflowExecutions({ namespace, query }),
      timeoutMs,
    );
  } finally {
    await connection.close();
  }
}

/** addSearchAttributes' argument for these attributes (also what a test server of the SDK's is given). */
export function indexedTypes(attributes: readonly { name: string; type: SearchAttributeType }[] = SEARCH_ATTRIBUTES) {
  return Object.fromEntries(attributes.map((a) => [a.name, IndexedValueType[`INDEXED_VALUE_TYPE_${a.type}`]]));
}
