import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useHarness } from '../support/harness';
import { agencies, createCampaign, eventually, compressedCalendar } from '../support/campaigns';
import { recordHistories, replayHistoryFiles } from '../support/replay';
import { workflowIds } from '../../domain/contract';

/**
 * The worked example of docs/VERSIONING.md: the campaign workflow gained a closed-at stamp behind
 * patched('campaign-closed-at') while campaigns were running. A history from before the change replays unchanged;
 * a campaign run after it takes the new path.
 */
describe('changing a running workflow with patched()', () => {
  const t = useHarness();

  test('a history recorded before the change replays, and holds no patch marker', async () => {
    const before = path.join(__dirname, '..', 'histories', 'campaign-before-closed-at.json');
    expect(fs.readFileSync(before, 'utf8')).not.toContain('MARKER_RECORDED');
    expect((await replayHistoryFiles([before])).map((r) => r.error)).toEqual([null]);
  });

  test('a campaign started after the change takes the new path and its history replays too', async () => {
    const base = Date.now();
    const calendar = compressedCalendar(base, {
      phases: [
        [0, 3],
        [3, 6],
        [6, 8],
        [8, 9],
      ],
      deadlines: { D1: 2, D2: 2, D3: 3, D4: 5, D5: 5, D6: 6, D7: 7, D8: 8 },
      closesAt: 10,
    });
    const id = await createCampaign(t.http, t.bureau, { agencies: agencies(1), calendar });
    const closed = await eventually(
      'the campaign to close',
      async () => {
        const res = await t.http.get(`/v1/campaigns/${id}`, t.bureau);
        return res.body.closedAt && res.body;
      },
      60_000,
    );
    expect(Date.parse(closed.closedAt)).toBeGreaterThanOrEqual(Date.parse(calendar.closesAt));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'versioning-'));
    await recordHistories(dir, { after: workflowIds.campaign(id) });
    const after = path.join(dir, 'after.json');
    expect(fs.readFileSync(after, 'utf8')).toContain('MARKER_RECORDED');
    expect((await replayHistoryFiles([after])).map((r) => r.error)).toEqual([null]);
  }, 90_000);
});
