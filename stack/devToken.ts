import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** A development admin token kept under the data dir, so it stays the same from one start to the next. */
export function persistedDevToken(dataDir: string): string {
  const file = path.join(dataDir, 'admin-token');
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}
