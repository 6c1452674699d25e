import { CHANNELS, type ChangeFeed } from './changeFeed';
import type { Principal } from './principal';
import { NO_FEED, ReadCache } from './readCache';
import type { CampaignRow } from './scope';

/** A key as authentication needs it: whose it is, and whether it was revoked. */
export interface KeyRecord {
  principal: Principal;
  revoked: boolean;
}

/** A read answered from memory: its status and the body exactly as it was sent. */
export interface CachedResponse {
  status: number;
  text: { contentType: string; content: string; filename?: string };
}

/**
 * The API's hot reads kept in memory (docs/BENCHMARKS.md): keys by token hash, campaigns by id and caller's scope,
 * and the answers of the campaign reads that opt in (RouteDef.readCache), by scope and URL. The change feed forgets a
 * key the moment it is revoked and a campaign's entries the moment anything they show changes.
 */
export interface ApiCaches {
  keys: ReadCache<KeyRecord | null>;
  campaigns: ReadCache<CampaignRow | null>;
  responses: ReadCache<CachedResponse>;
  /** READ_CACHE_MS */
  readCacheMs: number;
}

/** What changes a cached read's answer: only the data, or the clock too (see RouteDef.readCache). */
export type ReadCacheKind = 'data' | 'clock';

const MINUTE = 60_000;

/**
 * How long a read's answer is kept when no change notice comes: a minute for what only the data changes (a safety
 * net), READ_CACHE_MS for what the clock changes too. READ_CACHE_MS=0 keeps no answers at all.
 */
export const answerTtl = (kind: ReadCacheKind, readCacheMs: number) =>
  readCacheMs === 0 ? 0 : kind === 'data' ? Math.max(readCacheMs, MINUTE) : readCacheMs;

export function apiCaches(feed: ChangeFeed | null, o: { responseTtlMs: number }): ApiCaches {
  const state = feed ?? NO_FEED;
  const caches: ApiCaches = {
    keys: new ReadCache(state, { ttlMs: MINUTE, maxWeight: 10_000 }),
    campaigns: new ReadCache(state, { ttlMs: MINUTE, maxWeight: 10_000 }),
    responses: new ReadCache(state, {
      ttlMs: o.responseTtlMs,
      maxWeight: 64 * 1024 * 1024,
      weigh: (r) => r.text.content.length * 2,
    }),
    readCacheMs: o.responseTtlMs,
  };
  feed?.on(CHANNELS.apiKey, (tokenHash) => caches.keys.invalidate(tokenHash));
  feed?.on(CHANNELS.campaign, (campaignId) => {
    caches.campaigns.invalidate(campaignId);
    caches.responses.invalidate(campaignId);
  });
  return caches;
}

/** What a campaign read depends on besides the campaign: the caller's role and scope, not which of its keys it used. */
export const scopeKey = (p: Principal) => `${p.role}:${p.jurisdictionId ?? ''}:${p.agencyId ?? ''}`;
