import type { Client } from '@temporalio/client';
import type { Sql } from 'postgres';

/** What activities reach the world through; built once per worker process. */
export interface ActivityDeps {
  sql: Sql;
  client: Client;
  taskQueue: string;
}
