import type { Sql } from 'postgres';
import { DOCUMENT_KINDS } from '../../domain/documents';
import { issueDocument } from './register';

/**
 * 通报: a spot-check finding disposed of by 通报曝光 is circulated to every enforcement agency of the campaign (各执法单位)
 * in a numbered 通报 naming the agency and the problem found — never who reported it. One per finding, however often the
 * record is retried (the finding's item id is its key).
 */
export async function issueCircular(
  sql: Sql,
  f: {
    campaign: { id: string; jurisdiction: { id: string; name: string } };
    agency: { id: string; name: string };
    itemId: string;
    description: string;
    at: Date;
  },
): Promise<{ id: string; number: string }> {
  const circular = DOCUMENT_KINDS.circular;
  const doc = await issueDocument(sql, {
    kind: 'circular',
    campaignId: f.campaign.id,
    agency: f.agency,
    addressee: { kind: 'jurisdiction', id: f.campaign.jurisdiction.id, name: '各执法单位' },
    matters: [{ subject: { kind: 'item', id: f.itemId }, step: 'circular', name: `“${f.description}”` }],
    body: [
      `在专项整治抽查中发现，${f.agency.name}存在“${f.description}”问题。经研究，决定予以通报曝光，并责令其限期整改。`,
      circular.demand,
      circular.closing,
    ],
    dedupeKey: `circular:${f.itemId}`,
    at: f.at,
  });
  return { id: doc.id, number: doc.number };
}
