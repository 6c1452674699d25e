/**
 * The custom search attributes the workflows carry, so an operator can find a campaign's, an agency's or a county's
 * workflows in the Temporal UI or `temporal workflow list --query "CampaignId = 'c-…'"`. Every server the product runs
 * on must have them registered first (an unregistered attribute fails the start): the dev server through
 * `--search-attribute`, the real server by stack/temporalNamespace.ts, docker-compose by its temporal-setup service.
 */
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import type { CampaignPhase } from './phases';

export const searchAttributeKeys = {
  campaignId: defineSearchAttributeKey('CampaignId', SearchAttributeType.KEYWORD),
  agencyId: defineSearchAttributeKey('AgencyId', SearchAttributeType.KEYWORD),
  jurisdictionId: defineSearchAttributeKey('JurisdictionId', SearchAttributeType.KEYWORD),
  /** Upserted by the campaign and agency workflows as the calendar moves (behind PATCH_PHASE_SEARCH_ATTRIBUTE). */
  phase: defineSearchAttributeKey('Phase', SearchAttributeType.KEYWORD),
};

/** Name and type of each, as servers register them. */
export const SEARCH_ATTRIBUTES: readonly { name: string; type: SearchAttributeType }[] = Object.values(
  searchAttributeKeys,
).map((k) => ({
  name: k.name,
  type: k.type,
}));

/** The patch id under which running workflows began to upsert Phase: never reuse or rename it. */
export const PATCH_PHASE_SEARCH_ATTRIBUTE = 'phase-search-attribute';

/** The attributes a workflow is started with: whatever of campaign, agency and jurisdiction it belongs to. */
export function startSearchAttributes(o: {
  campaignId: string;
  agencyId?: string | null;
  jurisdictionId?: string;
}): SearchAttributePair[] {
  const pairs: SearchAttributePair[] = [{ key: searchAttributeKeys.campaignId, value: o.campaignId }];
  if (o.agencyId) pairs.push({ key: searchAttributeKeys.agencyId, value: o.agencyId });
  if (o.jurisdictionId) pairs.push({ key: searchAttributeKeys.jurisdictionId, value: o.jurisdictionId });
  return pairs;
}

export const phaseSearchAttribute = (phase: CampaignPhase) => [{ key: searchAttributeKeys.phase, value: phase }];
