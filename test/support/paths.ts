import path from 'node:path';
import { projectRoot } from '../../stack/temporalCli';

/**
 * Git-ignored scratch space of one test run (the dev server's SQLite file, Postgres data, the workflow bundle); one
 * folder per run, so two runs on one machine never share a server.
 */
export const testDataDir = () => path.join(projectRoot(), '.test-data', `run-${process.pid}`);
