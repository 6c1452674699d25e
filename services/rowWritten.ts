import { setTimeout as sleep } from 'node:timers/promises';
import type { Sql } from 'postgres';

const ROW_WAIT_MS = 20_000;

/** The object's workflow is started but has not written its row yet: try again shortly (the API answers 503). */
export class RowPending extends Error {
  readonly code = 'ROW_PENDING';
  constructor(table: string, id: string) {
    super(`${table} ${id} is being opened; its row is not written yet`);
  }
}

/**
 * Waits for the row an object's workflow writes in its first task (a ledger item, a complaint), so the caller can read
 * the object it is told of. A worker too slow to write it answers "try again": the workflow is started and will write
 * it, and a retry (under the same Idempotency-Key, or with the same fixed id) finds the same workflow.
 */
export async function rowWritten(sql: Sql, table: 'ledger_items' | 'complaints', id: string): Promise<void> {
  const deadline = Date.now() + ROW_WAIT_MS;
  for (let pause = 20; ; pause = Math.min(pause * 2, 500)) {
    if ((await sql`select 1 from ${sql(table)} where id = ${id}`).length) return;
    if (Date.now() > deadline) throw new RowPending(table, id);
    await sleep(pause);
  }
}
