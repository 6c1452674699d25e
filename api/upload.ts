import busboy from 'busboy';
import type { Request } from 'express';
import { HttpError, refused } from './errors';

/**
 * The one file of a multipart/form-data request (field `field`), read into memory up to `maxBytes`: past it the
 * upload is cut off and answered 413, never buffered whole. busboy parses the stream; nothing touches the disk.
 */
export function readUploadedFile(
  req: Request,
  field: string,
  maxBytes: number,
): Promise<{ filename: string; data: Buffer }> {
  if (!req.is('multipart/form-data'))
    return Promise.reject(
      new HttpError(400, 'multipart_required', `请以 multipart/form-data 上传文件（字段名 ${field}）`),
    );
  return new Promise((resolve, reject) => {
    let settled = false;
    const done = (err: Error | null, value?: { filename: string; data: Buffer }) => {
      if (settled) return;
      settled = true;
      if (err) {
        req.unpipe(parser);
        req.resume(); // drain the rest so the answer can be sent
        reject(err);
      } else resolve(value!);
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { files: 1, fileSize: maxBytes, fields: 10, fieldSize: 1024 },
        defParamCharset: 'utf8',
      });
    } catch {
      return reject(refused('multipart_malformed', 'multipart 请求头有误'));
    }
    let file: { filename: string; data: Buffer } | null = null;
    parser.on('file', (name, stream, info) => {
      if (name !== field) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () =>
        done(new HttpError(413, 'payload_too_large', `文件超过 ${maxBytes / 1024 / 1024} MB 上限`)),
      );
      stream.on('end', () => {
        file = { filename: info.filename ?? '', data: Buffer.concat(chunks) };
      });
    });
    parser.on('error', () => done(refused('multipart_malformed', 'multipart 请求格式有误')));
    parser.on('close', () =>
      file ? done(null, file) : done(refused('file_missing', `请求中没有名为 ${field} 的文件`)),
    );
    req.pipe(parser);
  });
}
