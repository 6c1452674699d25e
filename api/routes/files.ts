import { z } from 'zod';
import type { Request, Response } from 'express';
import { FILE_KINDS, FILE_PURPOSES, kindOfMime, type FilePurpose } from '../../domain/fileKinds';
import { cleanFileName } from '../../services/files/fileName';
import { FileIdSchema } from '../../domain/deliverables';
import { fileRow, storeFile, sweepUnattached, unattachedBytes } from '../../services/files/records';
import { contentProblem } from '../../services/files/contentCheck';
import { DEFAULT_UNATTACHED_MAX_BYTES } from '../../services/files/settings';
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

/**
 * What one client address may upload without credentials per minute, by either route together (staff with a key or
 * session are not counted).
 */
const PUBLIC_UPLOAD_LIMIT = { windowMs: 60_000, limit: 30, budget: 'anonymous uploads' };

const UploadQuery = z.strictObject({
  purpose: z.enum(Object.keys(FILE_PURPOSES) as [keyof typeof FILE_PURPOSES]).default('evidence'),
});

/** 503 while the uploads nobody has attached hold the configured ceiling (anonymous uploads only). */
async function assertRoomFor(deps: ApiDeps, res: Response, bytes: number): Promise<void> {
  const ceiling = deps.files.unattachedMaxBytes ?? DEFAULT_UNATTACHED_MAX_BYTES;
  const held = await unattachedBytes(deps.sql);
  if (held < ceiling && held + bytes <= ceiling) return;
  res.set('Retry-After', '3600'); // the hourly sweep frees what was left a day ago
  throw new HttpError(
    503,
    'uploads_full',
    `待提交的上传文件已达存储上限（${Math.floor(ceiling / 1024 / 1024)} MB），请稍后再试；工作人员登录后上传不受影响`,
  );
}

/**
 * Reads, checks and keeps one upload: 413 past the size limit, 415 when its content is not a kind the purpose takes or
 * does not hold together as that kind, 503 for an anonymous upload while unattached uploads fill their ceiling.
 */
async function receive(
  deps: ApiDeps,
  req: Request,
  res: Response,
  purpose: FilePurpose,
  uploadedBy: string,
): Promise<RouteResult> {
  await sweepUnattached(deps.sql, deps.files.storage);
  const anonymous = uploadedBy === PUBLIC_UPLOADER;
  // refused before a byte of the file is kept: what arrives is dropped, so the answer is read at once
  if (anonymous)
    await assertRoomFor(deps, res, 0).catch((err: unknown) => {
      req.resume();
      throw err;
    });
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
  const problem = await contentProblem(kind, upload.bytes);
  if (problem)
    throw new HttpError(415, 'unsupported_media_type', `文件内容已损坏或不完整：${problem}`, [
      { detected: kind, problem },
    ]);
  if (anonymous) await assertRoomFor(deps, res, upload.bytes.length);
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
    errors: [401, 413, 415, 429, 503],
    handler({ query, principal, req, res, deps }) {
      const staff: Principal | null = principal;
      if (!staff && !FILE_PURPOSES[query.purpose].anonymous)
        throw new HttpError(
          401,
          'unauthorized',
          '请先登录再上传文件（sign in, or upload a complaint photo with ?purpose=complaint）',
        );
      return receive(deps, req, res, query.purpose, staff?.keyId ?? PUBLIC_UPLOADER);
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
    errors: [413, 415, 429, 503],
    handler: ({ req, res, deps }) => receive(deps, req, res, 'complaint', PUBLIC_UPLOADER),
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
