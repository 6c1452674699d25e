import { z } from 'zod';
import type { Request } from 'express';
import { FILE_KINDS, FILE_PURPOSES, kindOfMime, type FilePurpose } from '../../domain/fileKinds';
import { cleanFileName } from '../../services/files/fileName';
import { FileIdSchema } from '../../domain/deliverables';
import { fileRow, storeFile, sweepUnattached } from '../../services/files/records';
import { sniffKind } from '../../services/files/sniff';
import { HttpError, notFound, refused } from '../errors';
import { assertMayRead, PUBLIC_UPLOADER } from '../fileAccess';
import { readUpload } from '../multipart';
import type { Principal } from '../principal';
import { route, type ApiDeps, type RouteResult } from '../route';

const FileMetaSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    size: z.number(),
    sha256: z.string(),
    contentType: z.string(),
    uploadedAt: z.string(),
  })
  .meta({ id: 'File' });

/** What one client address may upload without credentials per minute (staff with a key or session are not counted). */
const PUBLIC_UPLOAD_LIMIT = { windowMs: 60_000, limit: 30 };

const UploadQuery = z.strictObject({
  purpose: z.enum(Object.keys(FILE_PURPOSES) as [keyof typeof FILE_PURPOSES]).default('evidence'),
});

/** Reads, checks and keeps one upload: 413 past the size limit, 415 when its content is not a kind the purpose takes. */
async function receive(deps: ApiDeps, req: Request, purpose: FilePurpose, uploadedBy: string): Promise<RouteResult> {
  await sweepUnattached(deps.sql, deps.files.storage);
  const upload = await readUpload(req, deps.files.maxBytes);
  if (!upload.bytes.length) throw refused('file_empty', '文件为空（the file is empty）');
  const kind = await sniffKind(upload.bytes);
  const allowed = FILE_PURPOSES[purpose].kinds;
  if (!kind || !(allowed as readonly string[]).includes(kind)) {
    throw new HttpError(
      415,
      'unsupported_media_type',
      `不支持的文件类型，仅接受：${allowed.map((k) => FILE_KINDS[k].zh).join('、')}（the content is not one of ${allowed.join(', ')}）`,
      [{ detected: kind, allowed }],
    );
  }
  const meta = await storeFile(deps.sql, deps.files.storage, {
    name: upload.name,
    bytes: upload.bytes,
    kind,
    purpose,
    uploadedBy,
  });
  return { status: 201, body: meta };
}

export const fileRoutes = [
  route({
    method: 'post',
    path: '/v1/files',
    tag: 'files',
    summary:
      'Upload one file (multipart field `file`): PDF, JPEG, PNG, OFD, DOCX or XLSX, decided by content, for any signed-in role; with ?purpose=complaint a photo (JPEG or PNG) for a complaint, by anyone (up to 3 go with one complaint)',
    // public for the complaint's photos (API.md); every other purpose needs a key or a session (staffMayCall checks it)
    access: 'public',
    staffMayCall: true,
    query: UploadQuery,
    rateLimit: PUBLIC_UPLOAD_LIMIT,
    response: { status: 201, description: 'kept, with its SHA-256', schema: FileMetaSchema },
    errors: [401, 413, 415, 429],
    handler({ query, principal, req, deps }) {
      const staff: Principal | null = principal;
      if (!staff && query.purpose !== 'complaint')
        throw new HttpError(
          401,
          'unauthorized',
          '请先登录再上传文件（sign in, or upload a complaint photo with ?purpose=complaint）',
        );
      return receive(deps, req, query.purpose, staff?.keyId ?? PUBLIC_UPLOADER);
    },
  }),

  route({
    method: 'post',
    path: '/v1/public/files',
    tag: 'files',
    summary:
      "The same as POST /v1/files?purpose=complaint without credentials: the path the dashboard's public complaint form uses",
    access: 'public',
    rateLimit: PUBLIC_UPLOAD_LIMIT,
    response: { status: 201, description: 'kept, with its SHA-256', schema: FileMetaSchema },
    errors: [413, 415, 429],
    handler: ({ req, deps }) => receive(deps, req, 'complaint', PUBLIC_UPLOADER),
  }),

  route({
    method: 'get',
    path: '/v1/files/:id',
    tag: 'files',
    summary: 'Download a file: whoever may read the object it is attached to, or its uploader; with its original name',
    access: ['admin', 'bureau', 'agency', 'discipline'],
    params: z.strictObject({ id: FileIdSchema }),
    response: { status: 200, description: 'the bytes', contentType: 'application/octet-stream' },
    async handler({ params, principal, deps }) {
      const row = await fileRow(deps.sql, params.id);
      if (!row) throw notFound('file');
      await assertMayRead(deps, row, principal);
      const bytes = await deps.files.storage.get(deps.sql, row.id);
      if (!bytes) throw notFound('file');
      // names kept before they were cleaned at upload are cleaned on the way out too
      const kind = kindOfMime(row.content_type);
      const filename = kind ? cleanFileName(row.name, kind) : row.name;
      return { bytes: { contentType: row.content_type, content: bytes, filename } };
    },
  }),
];
