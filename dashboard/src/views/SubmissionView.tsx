import { fieldsByPath, DELIVERABLE_FIELDS, type FieldSpec, type Spec } from '../../../domain/deliverableFields';
import type { DeliverableCode } from '../../../domain/template';
import type { FileMeta } from '../files';
import { useI18n, type Lang } from '../i18n';
import { FileList } from './FileList';

const said = (lang: Lang, s: { zh: string; en: string }) => (lang === 'zh' ? s.zh : s.en);

const at = (body: Record<string, unknown>, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), body);

/** One value as the form took it: a choice by its words, a file by its name, anything else as entered. */
function Value({ f, v, files }: { f: FieldSpec; v: unknown; files: FileMeta[] }) {
  const { lang } = useI18n();
  if (v === undefined || v === null || v === '') return <>—</>;
  if (f.kind === 'select') {
    const o = f.options?.find((x) => x.value === v);
    return <>{o ? said(lang, o) : String(v)}</>;
  }
  if (f.kind === 'file') return <>{files.find((x) => x.id === v)?.name ?? '—'}</>;
  if (f.kind === 'url')
    return (
      <a href={String(v)} target="_blank" rel="noreferrer" className="break">
        {String(v)}
      </a>
    );
  return <>{String(v)}</>;
}

/**
 * What an agency submitted for a deliverable, every field under the words its form asked it with
 * (domain/deliverableFields.ts), lists entry by entry, and the files as thumbnails that open full size.
 */
export function SubmissionView({
  code,
  body,
  files,
}: {
  code: string;
  body: Record<string, unknown>;
  files: FileMeta[];
}) {
  const { t, lang } = useI18n();
  const specs: Spec[] = DELIVERABLE_FIELDS[code as DeliverableCode] ?? [];
  const known = fieldsByPath(code as DeliverableCode);
  // a key the table does not know (none today) is still shown, under the general words for it
  const unknown = Object.keys(body).filter((k) => !known.has(k) && k !== 'statistics' && k !== 'statisticsReason');
  return (
    <>
      <dl className="submission" data-testid="submission">
        {specs.map((s) =>
          'list' in s ? (
            <div key={s.list}>
              <dt>{said(lang, s)}</dt>
              <dd>
                {((body[s.list] as Record<string, unknown>[] | undefined) ?? []).length === 0 ? '—' : null}
                <ol className="entries">
                  {((body[s.list] as Record<string, unknown>[] | undefined) ?? []).map((row, i) => (
                    <li key={i}>
                      {s.fields
                        .filter((f) => row[f.name] !== undefined)
                        .map((f) => (
                          <div key={f.name}>
                            <span className="muted">{said(lang, f)}：</span>
                            <Value f={f} v={row[f.name]} files={files} />
                          </div>
                        ))}
                    </li>
                  ))}
                </ol>
              </dd>
            </div>
          ) : (
            <div key={s.name}>
              <dt>{said(lang, s)}</dt>
              <dd className="pre">
                <Value f={s} v={at(body, s.name)} files={files} />
              </dd>
            </div>
          ),
        )}
        {typeof body.statisticsReason === 'string' ? (
          <div>
            <dt>{t.ledgerFigures.reason}</dt>
            <dd className="pre">{body.statisticsReason}</dd>
          </div>
        ) : null}
        {unknown.map((k) => (
          <div key={k}>
            <dt>{t.submission}</dt>
            <dd className="pre">{String(body[k])}</dd>
          </div>
        ))}
      </dl>
      <h4>{t.files}</h4>
      <FileList files={files} />
    </>
  );
}
