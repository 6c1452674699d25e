import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from 'postgres';
import { FILE_KINDS, type FileKind, type FilePurpose } from '../../domain/fileKinds';
import { cleanFileName } from './fileName';
import type { FileStorage } from './storage';

/** A file as the API shows it: never its bytes, never who uploaded it. */
export interface FileMeta {
  id: string;
  name: string;
  size: number;
  sha256: string;
  contentType: string;
  uploadedAt: string;
}

export interface FileRow {
  id: string;
  name: string;
  size: string;
  sha256: string;
  content_type: string;
  purpose: FilePurpose;
  uploaded_by: string;
  uploaded_at: Date;
  campaign_id: string | null;
  agency_id: string | null;
  complaint_id: string | null;
  attached_to: string | null;
  attached_at: Date | null;
}

/** How long an upload that nothing refers to is kept for its uploader to attach. */
export const UNATTACHED_TTL_MS = 24 * 60 * 60 * 1000;

export const metaOf = (r: FileRow): FileMeta => ({
  id: r.id,
  name: r.name,
  size: Number(r.size),
  sha256: r.sha256,
  contentType: r.content_type,
  uploadedAt: r.uploaded_at.toISOString(),
});

export const FILE_COLUMNS =
  'id, name, size, sha256, content_type, purpose, uploaded_by, uploaded_at, campaign_id, agency_id, complaint_id, attached_to, attached_at';

/** Keeps an upload: its bytes in the storage, its row (checksum, name, uploader) in PostgreSQL. */
export async function storeFile(
  sql: Sql,
  storage: FileStorage,
  f: { name: string; bytes: Buffer; kind: FileKind; purpose: FilePurpose; uploadedBy: string },
): Promise<FileMeta> {
  const id = `f-${randomBytes(12).toString('hex')}`;
  const sha256 = createHash('sha256').update(f.bytes).digest('hex');
  const contentType = FILE_KINDS[f.kind].mime;
  const inline = await storage.put(id, f.bytes, contentType);
  const [row] = await sql<FileRow[]>`
    insert into files (id, name, size, sha256, content_type, purpose, storage, content, uploaded_by)
    values (${id}, ${cleanFileName(f.name, f.kind)}, ${f.bytes.length}, ${sha256}, ${contentType}, ${f.purpose}, ${storage.kind}, ${inline}, ${f.uploadedBy})
    returning ${sql.unsafe(FILE_COLUMNS)}`;
  return metaOf(row);
}

/** How many unattached uploads one sweep removes at most. */
export const SWEEP_BATCH = 50;

/** Removes uploads left unattached for a day (at most `limit` per call), bytes first, then their rows. */
export async function sweepUnattached(sql: Sql, storage: FileStorage, limit = SWEEP_BATCH): Promise<number> {
  const expired = await sql<{ id: string; storage: string }[]>`
    select id, storage from files where attached_at is null and uploaded_at < now() - ${`${UNATTACHED_TTL_MS} milliseconds`}::interval
    order by uploaded_at limit ${limit}`;
  for (const f of expired) if (f.storage === 's3') await storage.remove(f.id);
  if (expired.length) await sql`delete from files where id in ${sql(expired.map((f) => f.id))} and attached_at is null`;
  return expired.length;
}

/** The bytes of every upload not yet attached to anything (the partial index files_unattached finds them). */
export async function unattachedBytes(sql: Sql): Promise<number> {
  const [row] = await sql<
    { bytes: string }[]
  >`select coalesce(sum(size), 0)::text as bytes from files where attached_at is null`;
  return Number(row.bytes);
}

export async function fileRow(sql: Sql, id: string): Promise<FileRow | null> {
  const [row] = await sql<FileRow[]>`select ${sql.unsafe(FILE_COLUMNS)} from files where id = ${id}`;
  return row ?? null;
}
