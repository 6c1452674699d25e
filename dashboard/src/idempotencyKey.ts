import { useState } from 'react';
import { ApiError, randomKey } from './api';

/**
 * The Idempotency-Key of a form's request: kept while the same request may be retried (no answer, or a 5xx), renewed
 * once the API has refused it (4xx) — the corrected request is another, and the old key would answer
 * `idempotency_key_reused`.
 */
export function useIdempotencyKey(): [string, (err: unknown) => void] {
  const [key, setKey] = useState(randomKey);
  const refused = (err: unknown) => {
    if (err instanceof ApiError && err.status >= 400 && err.status < 500) setKey(randomKey());
  };
  return [key, refused];
}
