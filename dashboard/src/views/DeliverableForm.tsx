import { useEffect, useState, type FormEvent } from 'react';
import { DELIVERABLE_BODIES } from '../../../domain/deliverables';
import { DELIVERABLE_FIELDS, type FieldSpec, type Spec } from '../../../domain/deliverableFields';
import type { DeliverableCode } from '../../../domain/template';
import { api, ApiError } from '../api';
import { useIdempotencyKey } from '../idempotencyKey';
import { Field, FormActions } from '../components';
import { errorsOfApi, fieldErrors, type FieldErrors } from '../forms';
import { deliverableLabel, fill, useI18n, type Lang } from '../i18n';
import type { FileMeta } from '../files';
import { FileInput } from './FileInput';
import { differingFigures, FIGURE_KEYS, figureField, useLedgerFigures, type LedgerFigures } from './ledgerFigures';

type Values = Record<string, string | boolean | Record<string, string>[]>;

const at = (body: Record<string, unknown>, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), body);
const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** A submitted body → the form's values: a resubmission starts from the last submission (the inverse of bodyOf). */
export function valuesOf(specs: Spec[], body: Record<string, unknown>): Values {
  const values: Values = {};
  for (const s of specs) {
    if ('list' in s) {
      const rows = (body[s.list] as Record<string, unknown>[] | undefined) ?? [];
      values[s.list] = (rows.length ? rows : [{}]).map((r) =>
        Object.fromEntries(s.fields.map((f) => [f.name, text(r[f.name])]).filter(([, v]) => v !== '')),
      );
    } else {
      const v = at(body, s.name);
      if (v !== undefined) values[s.name] = s.kind === 'checkbox' ? v === true : text(v);
    }
  }
  return values;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split('.');
  let o = target;
  for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
  o[keys[keys.length - 1]] = value;
}

function convert(f: FieldSpec, raw: string | boolean | undefined): unknown {
  if (f.kind === 'checkbox') return raw === true;
  const v = typeof raw === 'string' ? raw.trim() : '';
  if (v === '' && f.optional) return undefined;
  if (f.kind === 'int') return v === '' ? undefined : Number(v);
  return v;
}

/** Form values → the body the API takes; empty optional fields are left out. */
export function bodyOf(specs: Spec[], values: Values): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const s of specs) {
    if ('list' in s) {
      const rows = (values[s.list] as Record<string, string>[] | undefined) ?? [];
      // a row left empty (its choices aside) is no entry: the documents' row every form starts with, unused
      const entries = rows
        .filter((r) => s.fields.some((f) => f.kind !== 'select' && String(r[f.name] ?? '').trim() !== ''))
        .map((r) => {
          const o: Record<string, unknown> = {};
          for (const f of s.fields) {
            const v = convert(f, r[f.name]);
            if (v !== undefined) o[f.name] = v;
          }
          return o;
        });
      if (entries.length) body[s.list] = entries;
    } else {
      const v = convert(s, values[s.name] as string | boolean | undefined);
      if (v !== undefined) setPath(body, s.name, v);
    }
  }
  return body;
}

const label = (lang: Lang, s: { zh: string; en: string }) => (lang === 'zh' ? s.zh : s.en);

function Input({
  f,
  value,
  onChange,
  testId,
  known,
}: {
  f: FieldSpec;
  known?: FileMeta[];
  value: string | boolean | undefined;
  onChange(v: string | boolean): void;
  testId: string;
}) {
  const { lang } = useI18n();
  switch (f.kind) {
    case 'textarea':
      return (
        <textarea
          rows={3}
          value={(value as string) ?? ''}
          onChange={(e) => onChange(e.target.value)}
          data-testid={testId}
        />
      );
    case 'checkbox':
      return (
        <input
          type="checkbox"
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
          data-testid={testId}
        />
      );
    case 'file':
      return (
        <FileInput
          value={value as string | undefined}
          known={known?.find((k) => k.id === value)}
          onChange={onChange}
          testId={testId}
        />
      );
    case 'select':
      return (
        <select
          value={(value as string) ?? f.options![0].value}
          onChange={(e) => onChange(e.target.value)}
          data-testid={testId}
        >
          {f.options!.map((o) => (
            <option key={o.value} value={o.value}>
              {label(lang, o)}
            </option>
          ))}
        </select>
      );
    default: {
      const type = f.kind === 'int' ? 'number' : f.kind === 'text' ? 'text' : f.kind;
      return (
        <input
          type={type}
          value={(value as string) ?? ''}
          onChange={(e) => onChange(e.target.value)}
          data-testid={testId}
        />
      );
    }
  }
}

/** The form's own names of its fields, by their paths in the body, for its errors ("整治范围：必填"). */
const labelsOf = (specs: Spec[], lang: Lang): Record<string, string> =>
  Object.fromEntries(
    specs.flatMap((s) =>
      'list' in s
        ? [[s.list, label(lang, s)], ...s.fields.map((f) => [`${s.list}.${f.name}`, label(lang, f)])]
        : [[s.name, label(lang, s)]],
    ),
  );

export function DeliverableForm({
  campaignId,
  agencyId,
  code,
  previous,
  onDone,
  onCancel,
}: {
  campaignId: string;
  agencyId: string;
  code: string;
  /** the returned submission the form starts from, why it was returned, and its files (by name) */
  previous?: { body: Record<string, unknown>; reason: string; files: FileMeta[] };
  onDone(): void;
  onCancel(): void;
}) {
  const { t, lang } = useI18n();
  const specs = DELIVERABLE_FIELDS[code as DeliverableCode] ?? [];
  const [values, setValues] = useState<Values>(() => {
    if (previous) return valuesOf(specs, previous.body);
    const init: Values = {};
    for (const s of specs)
      if ('list' in s)
        init[s.list] = [
          Object.fromEntries(s.fields.filter((f) => f.kind === 'select').map((f) => [f.name, f.options![0].value])),
        ];
    return init;
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [key, refused] = useIdempotencyKey();
  // D7's statistics start as the ledger holds them; figures changed by hand need a reason, stored with the submission
  const ledger = useLedgerFigures(campaignId, agencyId, code === 'D7');
  useEffect(() => {
    if (ledger)
      setValues((vs) => ({
        ...vs,
        ...Object.fromEntries(FIGURE_KEYS.map((k) => [figureField(k), vs[figureField(k)] ?? String(ledger[k])])),
      }));
  }, [ledger]);
  const differs = differingFigures(ledger, (field) => values[field]);
  const [reason, setReason] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = bodyOf(specs, values);
    if (differs.length > 0) {
      if (!reason.trim()) return setErrors({ statisticsReason: t.ledgerFigures.reasonRequired });
      body.statisticsReason = reason.trim();
    }
    const parsed = DELIVERABLE_BODIES[code as keyof typeof DELIVERABLE_BODIES].safeParse(body);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error.issues));
    setBusy(true);
    setErrors({});
    try {
      await api.post(
        `/v1/campaigns/${encodeURIComponent(campaignId)}/agencies/${encodeURIComponent(agencyId)}/deliverables/${code}`,
        parsed.data,
        { idempotencyKey: key },
      );
      onDone();
    } catch (err) {
      refused(err);
      if (err instanceof ApiError) setErrors(errorsOfApi(err));
      else throw err;
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="inline-form" onSubmit={submit} data-testid={`deliverable-form-${code}`} noValidate>
      <h3>
        {code} {deliverableLabel(lang, code)}
      </h3>
      {previous ? (
        <p className="notice-returned" data-testid="returned-reason">
          {fill(t.returnedBecause, { reason: previous.reason })}
        </p>
      ) : null}
      {specs.map((s) =>
        'list' in s ? (
          <fieldset key={s.list}>
            <legend>{label(lang, s)}</legend>
            {((values[s.list] as Record<string, string>[]) ?? []).map((row, i) => (
              <div className="row" key={i}>
                {s.fields.map((f) => (
                  <Field key={f.name} label={label(lang, f)} errors={errors} path={`${s.list}.${i}.${f.name}`}>
                    <Input
                      f={f}
                      known={previous?.files}
                      value={row[f.name]}
                      testId={`d-${code}-${s.list}-${i}-${f.name}`}
                      onChange={(v) =>
                        setValues((vs) => {
                          const rows = [...((vs[s.list] as Record<string, string>[]) ?? [])];
                          rows[i] = { ...rows[i], [f.name]: String(v) };
                          return { ...vs, [s.list]: rows };
                        })
                      }
                    />
                  </Field>
                ))}
              </div>
            ))}
            <button
              type="button"
              onClick={() =>
                setValues((vs) => ({ ...vs, [s.list]: [...((vs[s.list] as Record<string, string>[]) ?? []), {}] }))
              }
            >
              +
            </button>
          </fieldset>
        ) : (
          <Field
            key={s.name}
            label={label(lang, s)}
            errors={errors}
            path={s.name}
            hint={ledger ? <FigureHint field={s.name} ledger={ledger} differs={differs} /> : undefined}
          >
            <Input
              f={s}
              known={previous?.files}
              value={values[s.name] as string | boolean | undefined}
              testId={`d-${code}-${s.name}`}
              onChange={(v) => setValues((vs) => ({ ...vs, [s.name]: v }))}
            />
          </Field>
        ),
      )}
      {ledger ? (
        <p className="muted small" data-testid="ledger-figures-note">
          {t.ledgerFigures.fromLedger}
        </p>
      ) : null}
      {differs.length > 0 ? (
        <Field label={t.ledgerFigures.reason} errors={errors} path="statisticsReason">
          <textarea
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            data-testid={`d-${code}-statisticsReason`}
          />
        </Field>
      ) : null}
      <FormActions
        errors={errors}
        labels={{ ...labelsOf(specs, lang), statisticsReason: t.ledgerFigures.reason }}
        submitLabel={t.submit}
        submitTestId={`deliverable-submit-${code}`}
        busy={busy}
        onCancel={onCancel}
      />
    </form>
  );
}

/** Under a D7 figure: what the ledger says, and whether the figure typed differs. */
function FigureHint({ field, ledger, differs }: { field: string; ledger: LedgerFigures; differs: readonly string[] }) {
  const { t } = useI18n();
  const k = FIGURE_KEYS.find((x) => figureField(x) === field);
  if (!k) return null;
  const off = differs.includes(k);
  return (
    <span
      className={off ? 'error' : undefined}
      data-testid={`ledger-figure-${k}`}
      data-ledger={ledger[k]}
      data-differs={off ? 'true' : 'false'}
    >
      {t.ledgerFigures.ledger} {ledger[k]}
      {off ? ` · ${t.ledgerFigures.differs}` : ''}
    </span>
  );
}
