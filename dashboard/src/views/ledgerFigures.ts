import { useEffect, useState } from 'react';
import {
  differingFigures as differing,
  LEDGER_FIGURE_KEYS,
  type LedgerFigureKey,
  type LedgerFigures,
} from '../../../domain/ledgerFigures';
import { api } from '../api';

export { LEDGER_FIGURE_KEYS as FIGURE_KEYS, type LedgerFigures };

/** The D7 form's field of each figure (DELIVERABLE_FORMS.D7). */
export const figureField = (k: LedgerFigureKey) => `statistics.${k}`;

/** The agency's ledger figures (GET …/ledger-figures), read when the D7 form opens; null until they arrive or when not wanted. */
export function useLedgerFigures(campaignId: string, agencyId: string, wanted: boolean): LedgerFigures | null {
  const [figures, setFigures] = useState<LedgerFigures | null>(null);
  useEffect(() => {
    if (!wanted) return;
    let cancelled = false;
    api
      .get<LedgerFigures>(
        `/v1/campaigns/${encodeURIComponent(campaignId)}/agencies/${encodeURIComponent(agencyId)}/ledger-figures`,
      )
      .then((f) => !cancelled && setFigures(f))
      .catch(() => undefined); // the figures are then typed by hand; the API checks them against the ledger on submission
    return () => void (cancelled = true);
  }, [campaignId, agencyId, wanted]);
  return figures;
}

/** The figures typed in the form that differ from the ledger's. */
export function differingFigures(ledger: LedgerFigures | null, typed: (field: string) => unknown): LedgerFigureKey[] {
  if (!ledger) return [];
  const reported = Object.fromEntries(
    LEDGER_FIGURE_KEYS.map((k) => [k, String(typed(figureField(k)) ?? '').trim()]),
  ) as Record<LedgerFigureKey, string>;
  return differing(ledger, reported);
}
