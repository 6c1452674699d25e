import { continueAsNew, patched, setHandler, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import {
  campaignStatusQuery,
  joinAgenciesUpdate,
  type CampaignStatus,
  type CampaignWorkflowInput,
  type JoinAgencies,
} from '../domain/contract';
import { refusal } from '../domain/refusals';
import { workflowLock } from './lock';
import { phaseAt, phaseBoundaries, type CampaignPhase } from '../domain/phases';
import { PATCH_PHASE_SEARCH_ATTRIBUTE, phaseSearchAttribute } from '../domain/searchAttributes';
import { acts, bookkeeping, forUpdates } from './activities';
import { answerWhenOpened } from './opened';

/** The patch id of the closed-at stamp: never reuse or rename it while histories that carry it may replay. */
export const PATCH_CLOSED_AT = 'campaign-closed-at';

/** The campaign's workflow writes its own rows in its first task; never reuse or rename the id. */
export const PATCH_CAMPAIGN_OWNS_ROWS = 'campaign-owns-rows';

/** Agencies joining a running campaign (issue #31): never reuse or rename the id. */
export const PATCH_JOIN_AGENCIES = 'campaign-join-agencies';

/** Agencies started per activity: keeps at most this many starts in flight and the history small at any N. */
export const FAN_OUT_BATCH = 200;

/**
 * The campaign (专项整治): starts one workflow per agency in bounded batches, then walks the calendar's phases and
 * closes the campaign at `closesAt`. Agency workflows carry the deadlines; this one only carries the calendar.
 */
export async function campaignWorkflow(input: CampaignWorkflowInput): Promise<CampaignStatus> {
  const { campaignId, settings } = input;
  const { calendar } = settings;
  let fanOut = input.fanOut ?? { afterAgencyId: null, started: 0, done: false };
  let projectedPhase: CampaignPhase | null = null;
  const status = (): CampaignStatus => ({
    campaignId,
    phase: phaseAt(calendar, Date.now()),
    agenciesStarted: fanOut.started,
    fanOutDone: fanOut.done,
  });
  setHandler(campaignStatusQuery, status);
  const { markOpened } = answerWhenOpened();

  // Agencies join under the lock, one join at a time, once the fan-out has started every agency of the definition
  // (a join during it is refused: the fan-out could start a joining agency without its joining instant).
  const lock = workflowLock();
  const assertJoinable = () => {
    if (phaseAt(calendar, Date.now()) === 'closed') throw refusal('campaign_closed', 'the campaign has closed');
    if (!fanOut.done) throw refusal('campaign_starting', 'the campaign is still starting its agencies');
  };
  setHandler(
    joinAgenciesUpdate,
    ({ agencies }: JoinAgencies) =>
      lock.run(async () => {
        // Added while campaigns were running: the marker tells a history that took a join (docs/VERSIONING.md).
        patched(PATCH_JOIN_AGENCIES);
        const joinedAt = new Date(Date.now()).toISOString();
        return forUpdates(acts).joinAgencies({ campaignId, agencies, joinedAt });
      }, assertJoinable),
    { validator: (_: JoinAgencies) => assertJoinable() },
  );

  const projectPhase = async () => {
    const phase = phaseAt(calendar, Date.now());
    if (phase !== projectedPhase) {
      await acts.setCampaignPhase({ campaignId, phase });
      // Added while campaigns were running: histories from before it replay without the upsert command.
      if (patched(PATCH_PHASE_SEARCH_ATTRIBUTE)) upsertSearchAttributes(phaseSearchAttribute(phase));
      projectedPhase = phase;
    }
    return phase;
  };

  // Campaigns created since the change write their own rows, from the definition the API kept (docs/VERSIONING.md);
  // before it, the API had written them. A run continued as new finds them written by its first run. Local, in the
  // first workflow task: the API waits for the rows, and the first deadlines may be seconds away.
  if (input.rows && !input.fanOut && patched(PATCH_CAMPAIGN_OWNS_ROWS)) {
    await bookkeeping(acts, true).recordCampaignRows({ campaignId, ...input.rows });
  }
  markOpened();
  await projectPhase();
  while (!fanOut.done) {
    const batch = await acts.startAgencyWorkflows({
      campaignId,
      afterAgencyId: fanOut.afterAgencyId,
      limit: FAN_OUT_BATCH,
    });
    fanOut = { afterAgencyId: batch.lastAgencyId, started: fanOut.started + batch.started, done: batch.done };
    if (workflowInfo().continueAsNewSuggested) return continueAsNew<typeof campaignWorkflow>({ ...input, fanOut });
  }

  while ((await projectPhase()) !== 'closed') {
    const next = phaseBoundaries(calendar).find((b) => b > Date.now());
    if (next !== undefined) await sleep(next - Date.now());
  }
  // Added while campaigns were running (docs/VERSIONING.md): campaigns started before this change replay their
  // histories without the step; campaigns that reach this point afterwards take it.
  if (patched(PATCH_CLOSED_AT)) await acts.recordCampaignClosed({ campaignId });
  return status();
}
