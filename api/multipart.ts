import busboy from 'busboy';
import type { Request } from 'express';
import { HttpError, refused } from './errors';

export interface Upload {
  /** The name the uploader's file had (UTF-8, e.g. 盖章总结.pdf). */
  name: string;
  bytes: Buffer;
  fields: Record<string, string>;
}

const tooLarge = (maxBytes: number) =>
  new HttpError(
    413,
    'payload_too_large',
    `文件超过大小上限 ${Math.floor(maxBytes / 1024 / 1024)} MB（the file exceeds ${maxBytes} bytes）`,
  );

/**
 * Reads one multipart/form-data upload (the part named `file`) as it streams in. Past `maxBytes` it stops at once and
 * answers 413: the request is not read further, so a file over the limit is never held whole (the connection is
 * closed after the answer rather than drained).
 */
export function readUpload(req: Request, maxBytes: number): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: { files: 1, fileSize: maxBytes, fields: 10, fieldSize: 1024, parts: 12 },
      });
    } catch {
      reject(
        new HttpError(
          415,
          'multipart_required',
          '请以 multipart/form-data 上传文件（send the file as multipart/form-data）',
        ),
      );
      return;
    }
    const fields: Record<string, string> = {};
    let file: { name: string; chunks: Buffer[] } | null = null;
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      req.unpipe(bb);
      req.resume(); // let the rest arrive and be dropped (the answer says Connection: close)
      reject(err);
    };
    bb.on('field', (name, value) => void (fields[name] = value));
    bb.on('file', (field, stream, info) => {
      if (field !== 'file') {
        stream.resume();
        return;
      }
      const current = { name: info.filename ?? '', chunks: [] as Buffer[] };
      file = current;
      stream.on('data', (chunk: Buffer) => void current.chunks.push(chunk));
      stream.on('limit', () => fail(tooLarge(maxBytes)));
    });
    bb.on('filesLimit', () => fail(refused('one_file_only', '一次只能上传一个文件（one file per request）')));
    bb.on('error', (err: Error) =>
      fail(refused('multipart_malformed', `上传内容无法解析（the upload could not be read: ${err.message}）`)),
    );
    bb.on('close', () => {
      if (settled) return;
      settled = true;
      if (!file) return reject(refused('file_missing', '缺少名为 file 的文件（no part named "file"）'));
      resolve({ name: file.name, bytes: Buffer.concat(file.chunks), fields });
    });
    req.pipe(bb);
  });
}
