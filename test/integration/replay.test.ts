import fs from 'node:fs';
import path from 'node:path';
import * as workflows from '../../workflows';
import { replayHistoryFiles } from '../support/replay';

/**
 * Histories recorded from full compressed runs (`RECORD_HISTORIES=1 npx jest test/integration`) are kept in
 * test/histories and must replay against the current workflow code: a change that would break running campaigns
 * fails here, before it reaches production. docs/VERSIONING.md says how to change workflow code safely.
 */
describe('recorded histories replay without nondeterminism', () => {
  const dir = path.join(__dirname, '..', 'histories');
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.join(dir, f));

  test('every recorded history replays against the current bundle, and every workflow type has one', async () => {
    const results = await replayHistoryFiles(files);
    expect(results.map((x) => [x.file, x.error])).toEqual(results.map((x) => [x.file, null]));
    expect(new Set(results.map((x) => x.type))).toEqual(new Set(Object.keys(workflows)));
  });
});
