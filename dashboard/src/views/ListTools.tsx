import { useState } from 'react';
import { toCsv, type Cell } from '../../../domain/csv';
import { api, ApiError, download, type PageOf } from '../api';
import { LoadError, Updated } from '../components';
import { usePoll, type Polled } from '../hooks';
import { fill, useI18n } from '../i18n';

/**
 * A list read page by page from the server: the cursors of the pages seen so far, so "previous" goes back without
 * the server keeping anything. `query` holds the filters (from `qs`); a new query starts again at the first page.
 */
export function usePagedList<T>(path: string, query: string, pageSize: number, intervalMs?: number) {
  const [paging, setPaging] = useState<{ query: string; cursors: (string | null)[] }>({ query, cursors: [null] });
  const cursors = paging.query === query ? paging.cursors : [null];
  const cursor = cursors[cursors.length - 1];
  const sep = query ? '&' : '?';
  const url = `${path}${query}${sep}limit=${pageSize}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
  const list: Polled<PageOf<T>> = usePoll(() => api.get<PageOf<T>>(url), [url], intervalMs);
  const pager = {
    page: cursors.length,
    previous: cursors.length > 1 ? () => setPaging({ query, cursors: cursors.slice(0, -1) }) : null,
    next: list.data?.nextCursor ? () => setPaging({ query, cursors: [...cursors, list.data!.nextCursor] }) : null,
  };
  return { list, pager };
}

export function Pager({
  pager,
  testId = 'pager',
}: {
  pager: { page: number; previous: (() => void) | null; next: (() => void) | null };
  testId?: string;
}) {
  const { t } = useI18n();
  if (!pager.previous && !pager.next) return null;
  return (
    <div className="pager" data-testid={testId} data-page={pager.page}>
      <button
        type="button"
        onClick={pager.previous ?? undefined}
        disabled={!pager.previous}
        data-testid="previous-page"
      >
        ← {t.previousPage}
      </button>
      <span className="muted small">{fill(t.pageN, { n: pager.page })}</span>
      <button type="button" onClick={pager.next ?? undefined} disabled={!pager.next} data-testid="next-page">
        {t.nextPage} →
      </button>
    </div>
  );
}

export type Columns<T> = readonly (readonly [header: string, cell: (item: T) => Cell])[];

/** Reads every page of a list route (bounded unless told otherwise: a dashboard is not an export, an export is). */
export async function allPages<T>(path: string, maxPages = 20): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < maxPages; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const page: PageOf<T> = await api.get<PageOf<T>>(
      `${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    out.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}

function saveText(text: string, filename: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Exports the filtered list as CSV under the headings and labels the screen shows. `server`: the list's own CSV route
 * (the escalation feed, which can be long), else the list is read page by page here and written with domain/csv.ts.
 */
type CsvSource<T> = { filename: string; testId?: string } & (
  { server: string } | { path: string; query: string; columns: Columns<T> }
);

export function CsvButton<T>(p: CsvSource<T>) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      if ('server' in p) await download(p.server, p.filename);
      else {
        const items = await allPages<T>(`${p.path}${p.query}`, Number.POSITIVE_INFINITY);
        saveText(
          toCsv([p.columns.map(([h]) => h), ...items.map((i) => p.columns.map(([, cell]) => cell(i)))]),
          p.filename,
        );
      }
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'client', (err as Error).message));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className="link-button"
        onClick={() => void run()}
        disabled={busy}
        data-testid={p.testId ?? 'export-csv'}
      >
        {busy ? t.exporting : t.exportCsv}
      </button>
      <LoadError error={error} />
    </>
  );
}

/** A list's header actions: its CSV export and when it was last read. */
export function ListActions<T>({ updatedAt, ...csv }: CsvSource<T> & { updatedAt: number | undefined }) {
  return (
    <>
      <CsvButton<T> {...csv} />
      <Updated at={updatedAt} />
    </>
  );
}
