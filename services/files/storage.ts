import type { Sql } from 'postgres';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';

/**
 * Where the bytes of uploaded files live. The `files` row (name, size, checksum, attachment) is always in PostgreSQL;
 * the bytes are in the same row (the default: nothing extra to run) or in an S3-compatible object store (production,
 * MinIO in docker-compose), under the file's id.
 */
export interface FileStorage {
  readonly kind: 'postgres' | 's3';
  /** Stores a file's bytes before its row is written; what it returns goes into the row's `content` (null: kept elsewhere). */
  put(id: string, bytes: Buffer, contentType: string): Promise<Buffer | null>;
  get(sql: Sql, id: string): Promise<Buffer | null>;
  /** Removes the bytes kept outside the row (the row itself is deleted by the caller). */
  remove(id: string): Promise<void>;
}

export const postgresStorage: FileStorage = {
  kind: 'postgres',
  async put(_id, bytes) {
    return bytes;
  },
  async get(sql, id) {
    const [row] = await sql<{ content: Buffer | null }[]>`select content from files where id = ${id}`;
    return row?.content ?? null;
  },
  async remove() {
    // the bytes go with the row
  },
};

export interface S3Settings {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** MinIO and most self-hosted stores address buckets by path, not by host name. */
  forcePathStyle: boolean;
}

export function s3Storage(s: S3Settings): FileStorage {
  const client = new S3Client({
    region: s.region,
    endpoint: s.endpoint,
    forcePathStyle: s.forcePathStyle,
    credentials:
      s.accessKeyId && s.secretAccessKey
        ? { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey }
        : undefined,
  });
  const key = (id: string) => `files/${id}`;
  // The bucket is made on first use, so a fresh MinIO needs no setup step; a failed check is tried again next time.
  let bucketReady: Promise<void> | null = null;
  const ensureBucket = () =>
    (bucketReady ??= client
      .send(new HeadBucketCommand({ Bucket: s.bucket }))
      .then(
        () => undefined,
        async (err: { $metadata?: { httpStatusCode?: number } }) => {
          if (err.$metadata?.httpStatusCode !== 404) throw err;
          await client.send(new CreateBucketCommand({ Bucket: s.bucket }));
        },
      )
      .catch((err: unknown) => {
        bucketReady = null;
        throw err;
      }));
  return {
    kind: 's3',
    async put(id, bytes, contentType) {
      await ensureBucket();
      await client.send(
        new PutObjectCommand({
          Bucket: s.bucket,
          Key: key(id),
          Body: bytes,
          ContentType: contentType,
          ContentLength: bytes.length,
        }),
      );
      return null;
    },
    async get(_sql, id) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: s.bucket, Key: key(id) }));
        return out.Body ? Buffer.from(await out.Body.transformToByteArray()) : null;
      } catch (err) {
        if ((err as { name?: string }).name === 'NoSuchKey') return null;
        throw err;
      }
    },
    async remove(id) {
      await client.send(new DeleteObjectCommand({ Bucket: s.bucket, Key: key(id) }));
    },
  };
}
