import type { Config } from '../../config/env';
import { postgresStorage, s3Storage, type FileStorage } from './storage';

/** How the API keeps uploads: where the bytes go, how large one may be, how much may wait unattached. */
export interface FileSettings {
  storage: FileStorage;
  maxBytes: number;
  /**
   * The most bytes all uploads not yet attached to anything may hold together before uploads without an account are
   * refused (503); staff uploads are not. Default DEFAULT_UNATTACHED_MAX_BYTES.
   */
  unattachedMaxBytes?: number;
}

export const DEFAULT_FILE_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_UNATTACHED_MAX_BYTES = 2 * 1024 * 1024 * 1024;

export const defaultFileSettings = (): FileSettings => ({ storage: postgresStorage, maxBytes: DEFAULT_FILE_MAX_BYTES });

type FileConfig = Pick<
  Config,
  | 'FILE_STORAGE'
  | 'FILE_MAX_BYTES'
  | 'UNATTACHED_UPLOADS_MAX_BYTES'
  | 'S3_ENDPOINT'
  | 'S3_REGION'
  | 'S3_BUCKET'
  | 'S3_ACCESS_KEY_ID'
  | 'S3_SECRET_ACCESS_KEY'
>;

export function fileSettingsFrom(c: FileConfig): FileSettings {
  const storage =
    c.FILE_STORAGE === 's3'
      ? s3Storage({
          endpoint: c.S3_ENDPOINT,
          region: c.S3_REGION,
          bucket: c.S3_BUCKET,
          accessKeyId: c.S3_ACCESS_KEY_ID,
          secretAccessKey: c.S3_SECRET_ACCESS_KEY,
          forcePathStyle: Boolean(c.S3_ENDPOINT), // a self-hosted endpoint (MinIO) addresses buckets by path
        })
      : postgresStorage;
  return { storage, maxBytes: c.FILE_MAX_BYTES, unattachedMaxBytes: c.UNATTACHED_UPLOADS_MAX_BYTES };
}
