import { useState } from 'react';
import { knowsYear } from '../../../domain/policy/durations';
import { Field } from '../components';
import type { FieldErrors } from '../forms';
import { fill, useI18n } from '../i18n';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Dates as a person lists them: separated by spaces, commas, 、 or lines; sorted, each once; what is no date apart. */
function readDates(text: string): { dates: string[]; wrong: string[] } {
  const tokens = text.split(/[\s,，、;；]+/).filter(Boolean);
  const wrong = tokens.filter((d) => !DATE.test(d) || isNaN(Date.parse(`${d}T00:00:00Z`)));
  return { dates: [...new Set(tokens.filter((d) => !wrong.includes(d)))].sort(), wrong };
}

/**
 * A campaign counting working days needs each year's holidays and make-up working days (调休). The official
 * arrangement the product carries (chinese-days) covers the years the State Council has published; for a year it
 * lacks, the bureau lists that year's days here, as the State Council's notice gives them, and the year is known.
 */
export function OwnHolidays({
  value,
  years,
  errors,
  onChange,
}: {
  value: { holidays: string[]; workdays: string[] };
  /** the years the campaign's deadlines and ladders fall in */
  years: number[];
  errors: FieldErrors;
  onChange(v: { holidays: string[]; workdays: string[] }): void;
}) {
  const { t } = useI18n();
  const f = t.campaignForm;
  const [text, setText] = useState({ holidays: value.holidays.join('\n'), workdays: value.workdays.join('\n') });
  const [wrong, setWrong] = useState<{ holidays: string[]; workdays: string[] }>({ holidays: [], workdays: [] });
  const missing = years.filter((y) => !knowsYear(y, value));
  const edit = (which: 'holidays' | 'workdays', typed: string) => {
    setText((x) => ({ ...x, [which]: typed }));
    const read = readDates(typed);
    setWrong((w) => ({ ...w, [which]: read.wrong }));
    onChange({ ...value, [which]: read.dates });
  };
  const problems = (which: 'holidays' | 'workdays'): FieldErrors =>
    wrong[which].length ? { [`policy.${which}`]: fill(f.notADate, { dates: wrong[which].join('、') }) } : errors;
  return (
    <fieldset data-testid="own-holidays">
      <legend>{f.ownHolidays}</legend>
      {missing.length ? (
        <p className="notice" data-testid="year-unknown">
          {fill(f.yearUnknown, { years: missing.join('、') })}
        </p>
      ) : (
        <p className="muted small">{f.ownHolidaysHint}</p>
      )}
      <div className="row">
        {(['holidays', 'workdays'] as const).map((which) => (
          <Field key={which} label={f[which]} errors={problems(which)} path={`policy.${which}`}>
            <textarea
              rows={4}
              value={text[which]}
              placeholder={which === 'holidays' ? '2027-10-01' : '2027-09-26'}
              onChange={(e) => edit(which, e.target.value)}
              data-testid={`policy-${which}`}
            />
          </Field>
        ))}
      </div>
    </fieldset>
  );
}
