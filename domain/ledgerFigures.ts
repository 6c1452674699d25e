/**
 * The three figures D7's statistics table (附件2) reports, as the agency's ledger holds them: every item found, those
 * closed (销号, whatever the closure) and those still being worked on — so found = closed + in progress. The API
 * counts them (services/ledgerFigures.ts), the D7 form starts from them, and a D7 whose figures differ needs a reason.
 */
export interface LedgerFigures {
  problemsFound: number;
  closed: number;
  inProgress: number;
}

export const LEDGER_FIGURE_KEYS = [
  'problemsFound',
  'closed',
  'inProgress',
] as const satisfies readonly (keyof LedgerFigures)[];
export type LedgerFigureKey = (typeof LEDGER_FIGURE_KEYS)[number];

/** The figures a report gives that differ from the ledger's. */
export const differingFigures = (
  ledger: LedgerFigures,
  reported: Record<LedgerFigureKey, unknown>,
): LedgerFigureKey[] =>
  LEDGER_FIGURE_KEYS.filter(
    (k) => Number(reported[k]) !== ledger[k] || reported[k] === '' || reported[k] === undefined,
  );
