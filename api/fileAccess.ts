import type { Sql, TransactionSql } from 'postgres';
import { FILE_KINDS, SCAN_KINDS, type FileKind, type FilePurpose } from '../domain/fileKinds';
import { fileIdsIn } from '../domain/deliverables';
import { FILE_COLUMNS, UNATTACHED_TTL_MS, metaOf, type FileMeta, type FileRow } from '../services/files/records';
import { notFound, refused } from './errors';
import type { Principal } from './principal';
import type { ApiDeps } from './route';
import { visibleAgency, visibleCampaign } from './scope';
import { complaintInvestigated } from '../services/scope';

/** The uploader key of the public's complaint photos. */
export const PUBLIC_UPLOADER = 'public';

const expired = (r: FileRow) => r.attached_at === null && Date.now() - r.uploaded_at.getTime() > UNATTACHED_TTL_MS;

/**
 * Whether the caller may read a file: the object it is attached to decides (an agency's object: that agency and the
 * bureaus above it; a complaint: the bureaus investigating it). Unattached, only its uploader sees it, for a day.
 * Anyone else is told it does not exist (404), like any object outside their scope.
 */
export async function assertMayRead(deps: Pick<ApiDeps, 'sql' | 'caches'>, r: FileRow, p: Principal): Promise<void> {
  if (r.attached_at === null) {
    if (r.uploaded_by !== p.keyId || expired(r)) throw notFound('file');
    return;
  }
  if (r.complaint_id) {
    const [hit] =
      await deps.sql`select 1 from complaints c where c.id = ${r.complaint_id} and ${complaintInvestigated(deps.sql, p)}`;
    if (!hit) throw notFound('file');
    return;
  }
  if (!r.campaign_id || !r.agency_id) throw notFound('file');
  const c = await visibleCampaign(deps, r.campaign_id, p);
  await visibleAgency(deps.sql, c.id, r.agency_id, p);
}

export interface AttachTarget {
  campaignId: string;
  agencyId: string | null;
  complaintId?: string;
  /** What in the object refers to the files: 'deliverable:D7', 'checklist:A1', 'item:<id>', 'complaint:<id>' (photos), 'investigation:<id>'. */
  attachedTo: string;
}

/**
 * Attaches the files a body refers to, before the object that refers to them is written: each must be the caller's own
 * upload still unattached, or already a file of the same owner (the same agency in the same campaign: a resubmission
 * keeping its scan; the same complaint: a finding citing its photo), or attached to this very target already (a retry
 * of the same request). From then on the object's readers see them. Anything else is refused with 422, naming the file.
 */
export async function attachFiles(
  sql: Sql | TransactionSql,
  uploader: string,
  ids: readonly string[],
  target: AttachTarget,
  o: { purpose?: FilePurpose; kinds?: readonly FileKind[] } = {},
): Promise<FileMeta[]> {
  const { unique, byId } = await attachable(sql, uploader, ids, target, o);
  if (!unique.length) return [];
  await sql`
    update files set campaign_id = ${target.campaignId}, agency_id = ${target.agencyId}, complaint_id = ${target.complaintId ?? null},
      attached_to = ${target.attachedTo}, attached_at = now()
    where id in ${sql(unique)} and attached_at is null`;
  return unique.map((id) => metaOf(byId.get(id)!));
}

/** attachFiles' checks without the attaching: for a creation that must refuse a wrong file before it starts anything. */
export async function attachable(
  sql: Sql | TransactionSql,
  uploader: string,
  ids: readonly string[],
  target: AttachTarget,
  o: { purpose?: FilePurpose; kinds?: readonly FileKind[] } = {},
): Promise<{ unique: string[]; byId: Map<string, FileRow> }> {
  const unique = [...new Set(ids)];
  if (!unique.length) return { unique, byId: new Map() };
  const rows = await sql<FileRow[]>`select ${sql.unsafe(FILE_COLUMNS)} from files where id in ${sql(unique)}`;
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of unique) {
    const r = byId.get(id);
    const ownUpload =
      r &&
      r.attached_at === null &&
      r.uploaded_by === uploader &&
      !expired(r) &&
      (!o.purpose || r.purpose === o.purpose);
    const sameOwner =
      r &&
      r.attached_at !== null &&
      (target.complaintId
        ? r.complaint_id === target.complaintId
        : !r.complaint_id && r.campaign_id === target.campaignId && r.agency_id === target.agencyId);
    const attachedHere =
      r && r.attached_at !== null && r.attached_to === target.attachedTo && r.uploaded_by === uploader;
    if (!r || !(ownUpload || sameOwner || attachedHere))
      throw refused('file_not_usable', `文件 ${id} 不存在或不能用于此处（file ${id} is not one of your uploads）`, [
        { fileId: id },
      ]);
    if (o.kinds && !o.kinds.some((k) => FILE_KINDS[k].mime === r.content_type)) {
      throw refused(
        'file_kind_not_allowed',
        `文件 ${r.name} 的类型不符合要求，应为：${o.kinds.map((k) => FILE_KINDS[k].zh).join('、')}`,
        [{ fileId: id, allowed: o.kinds }],
      );
    }
  }
  return { unique, byId };
}

/**
 * Attaches every file a body names (evidence entries, D7's sealed scan) to the object it is for. The sealed scan must
 * be a scan or a layout document (PDF, OFD, an image), not an editable one.
 */
export async function attachBodyFiles(
  sql: Sql,
  p: Principal,
  body: unknown,
  target: AttachTarget,
): Promise<FileMeta[]> {
  const scan = (body as { sealedScan?: unknown } | null)?.sealedScan;
  const scans =
    typeof scan === 'string'
      ? await attachFiles(sql, p.keyId, [scan], target, { purpose: 'evidence', kinds: SCAN_KINDS })
      : [];
  const rest = await attachFiles(
    sql,
    p.keyId,
    fileIdsIn(body).filter((id) => id !== scan),
    target,
    { purpose: 'evidence' },
  );
  return [...scans, ...rest];
}

/** The files a stored body refers to, in the order it names them (ids no longer stored are left out). */
export async function filesByIds(sql: Sql, ids: readonly string[]): Promise<FileMeta[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const rows = await sql<FileRow[]>`select ${sql.unsafe(FILE_COLUMNS)} from files where id in ${sql(unique)}`;
  const byId = new Map(rows.map((r) => [r.id, metaOf(r)]));
  return unique.flatMap((id) => byId.get(id) ?? []);
}
