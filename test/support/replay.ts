import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const script = path.join(__dirname, 'histories.js');
/**
 * Asynchronous, never execFileSync: the API under test runs in this process, and an event loop blocked for seconds lets
 * its keep-alive timers close sockets the next request then reuses (ECONNRESET).
 */
const run = promisify(execFile);

export interface ReplayResult {
  file: string;
  type: string;
  error: string | null;
}

/** Replays history files against the run's workflow bundle, outside jest's sandbox. */
export async function replayHistoryFiles(files: string[]): Promise<ReplayResult[]> {
  const { stdout: out } = await run(process.execPath, [script, 'replay', process.env.WORKFLOW_BUNDLE_PATH!, ...files], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

/** Writes the histories of the given workflows as JSON files named after their keys. */
export async function recordHistories(outDir: string, workflows: Record<string, string>): Promise<void> {
  await run(process.execPath, [
    script,
    'record',
    process.env.TEMPORAL_ADDRESS!,
    outDir,
    ...Object.entries(workflows).map(([n, id]) => `${n}=${id}`),
  ]);
}

/**
 * Records the histories of finished workflows and replays them against the current bundle; with RECORD_HISTORIES=1
 * they are written to test/histories, where the replay test keeps checking them against every later change.
 */
export async function keepHistories(workflows: Record<string, string>): Promise<ReplayResult[]> {
  const dir = process.env.RECORD_HISTORIES
    ? path.join(__dirname, '..', 'histories')
    : fs.mkdtempSync(path.join(os.tmpdir(), 'histories-'));
  await recordHistories(dir, workflows);
  return replayHistoryFiles(Object.keys(workflows).map((n) => path.join(dir, `${n}.json`)));
}
