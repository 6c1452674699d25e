import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './api';

/** How often views ask again: a reminder or an escalation shows up within this, without reloading. */
export const POLL_MS = 3000;

export interface Polled<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  updatedAt: number | undefined;
  reload(): void;
}

/**
 * Loads now and again every POLL_MS while the page is visible; the last good data stays on screen through a failed
 * poll. Polls never overlap.
 */
export function usePoll<T>(load: () => Promise<T>, deps: readonly unknown[], intervalMs = POLL_MS): Polled<T> {
  const [state, setState] = useState<Omit<Polled<T>, 'reload'>>({
    data: undefined,
    error: undefined,
    loading: true,
    updatedAt: undefined,
  });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let cancelled = false;
    let running = false;
    setState((s) => ({ ...s, loading: true }));
    const run = async () => {
      if (running) return;
      running = true;
      try {
        const data = await loadRef.current();
        if (!cancelled) setState({ data, error: undefined, loading: false, updatedAt: Date.now() });
      } catch (err) {
        const error = err instanceof ApiError ? err : new ApiError(0, 'client', (err as Error).message);
        if (!cancelled) setState((s) => ({ ...s, error, loading: false }));
      } finally {
        running = false;
      }
    };
    void run();
    const timer =
      intervalMs > 0 ? setInterval(() => document.visibilityState !== 'hidden' && void run(), intervalMs) : undefined;
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [...deps, generation, intervalMs]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}

/** A clock for views whose look depends on the time (the timeline's "now" marker). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
