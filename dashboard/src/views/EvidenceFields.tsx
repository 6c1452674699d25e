import { Field } from '../components';
import type { FieldErrors } from '../forms';
import { useI18n } from '../i18n';
import { FileInput } from './FileInput';

/** One piece of evidence as its form row holds it: a title, and a file uploaded at once, a link, or both. */
export interface EvidenceRow {
  title: string;
  url: string;
  note: string;
  fileId?: string;
}

export const blankEvidence = (): EvidenceRow => ({ title: '', url: '', note: '' });

/** The rows someone filled in, as the API's evidence (domain/deliverables.ts EvidenceSchema); empty rows left out. */
export const evidenceBody = (rows: EvidenceRow[]) =>
  rows
    .filter((e) => e.title.trim() || e.url.trim() || e.note.trim() || e.fileId)
    .map((e) => ({
      title: e.title.trim(),
      ...(e.fileId ? { fileId: e.fileId } : {}),
      ...(e.url.trim() ? { url: e.url.trim() } : {}),
      ...(e.note.trim() ? { note: e.note.trim() } : {}),
    }));

/**
 * The evidence of an action (a ledger item's rectification, a complaint's finding or conclusion): a row per piece,
 * each with its title, its file (uploaded when picked), a link and a note; errors under `evidence.<k>.<field>`.
 */
export function EvidenceFields({
  rows,
  onChange,
  errors,
}: {
  rows: EvidenceRow[];
  onChange(rows: EvidenceRow[]): void;
  errors: FieldErrors;
}) {
  const { t } = useI18n();
  const set = (k: number, patch: Partial<EvidenceRow>) =>
    onChange(rows.map((x, j) => (j === k ? { ...x, ...patch } : x)));
  return (
    <fieldset data-testid="evidence-fields">
      <legend>{t.evidence}</legend>
      {rows.map((ev, k) => (
        <div className="row" key={k}>
          <Field label={t.evidenceTitle} errors={errors} path={`evidence.${k}.title`}>
            <input
              type="text"
              value={ev.title}
              onChange={(e) => set(k, { title: e.target.value })}
              data-testid={`evidence-${k}-title`}
            />
          </Field>
          <Field label={t.chooseFile} errors={errors} path={`evidence.${k}.fileId`}>
            <FileInput value={ev.fileId} onChange={(id) => set(k, { fileId: id })} testId={`evidence-${k}-file`} />
          </Field>
          <Field label={t.evidenceUrl} errors={errors} path={`evidence.${k}.url`}>
            <input
              type="url"
              value={ev.url}
              onChange={(e) => set(k, { url: e.target.value })}
              data-testid={`evidence-${k}-url`}
            />
          </Field>
          <Field label={t.note} errors={errors} path={`evidence.${k}.note`}>
            <input type="text" value={ev.note} onChange={(e) => set(k, { note: e.target.value })} />
          </Field>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rows, blankEvidence()])} data-testid="evidence-add">
        {t.addEvidence}
      </button>
      {errors.evidence ? <span className="field-error">{errors.evidence}</span> : null}
    </fieldset>
  );
}
