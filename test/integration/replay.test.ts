import fs from 'node:fs';
import path from 'node:path';
import { replayHistoryFiles } from '../support/replay';

/**
 * Histories recorded from a full compressed campaign (`RECORD_HISTORIES=1 npx jest campaignLifecycle`) are kept in
 * test/histories and must replay against the current workflow code: a change that would break running campaigns
 * fails here, before it reaches production. See docs/VERSIONING.md for how to change workflow code safely.
 */
describe('recorded histories replay without nondeterminism', () => {
  const dir = path.join(__dirname, '..', 'histories');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => path.join(dir, f));
  const results = () => replayHistoryFiles(files);

  test('every recorded history replays against the current bundle, and every workflow type is covered', () => {
    const r = results();
    expect(r.map((x) => [x.file, x.error])).toEqual(r.map((x) => [x.file, null]));
    expect(new Set(r.map((x) => x.type))).toEqual(new Set(['campaignWorkflow', 'agencyWorkflow']));
  });
});
