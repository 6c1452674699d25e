import { useI18n } from '../i18n';

/** A list's filter by one choice (a campaign, an agency, a kind): "全部" or one of the options, by its words. */
export function FilterSelect(p: {
  label: string;
  value: string;
  onChange(value: string): void;
  options: readonly (readonly [value: string, words: string])[];
  testId: string;
}) {
  const { t } = useI18n();
  return (
    <label>
      {p.label}
      <select value={p.value} onChange={(e) => p.onChange(e.target.value)} data-testid={p.testId}>
        <option value="">{t.desk.all}</option>
        {p.options.map(([value, words]) => (
          <option key={value} value={value}>
            {words}
          </option>
        ))}
      </select>
    </label>
  );
}
