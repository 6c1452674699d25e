import { useI18n } from '../i18n';

/** The units a period is typed in; an ISO duration the editor cannot split (e.g. "P1W2D") is shown in days. */
const UNITS = [
  { key: 'D', seconds: 86_400 },
  { key: 'H', seconds: 3_600 },
  { key: 'M', seconds: 60 },
  { key: 'S', seconds: 1 },
] as const;
type Unit = (typeof UNITS)[number]['key'];

/** "P3D" → [3, 'D']; "PT90S" → [90, 'S']: the largest unit the period is a whole number of. */
export function splitDuration(iso: string): [number, Unit] {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (!m) return [0, 'D'];
  const [w, d, h, min, s] = m.slice(1).map((v) => Number(v ?? 0));
  const total = (w * 7 + d) * 86_400 + h * 3_600 + min * 60 + s;
  const unit = UNITS.find((u) => total % u.seconds === 0) ?? UNITS[3];
  return [total / unit.seconds, unit.key];
}

export const joinDuration = (n: number, unit: Unit) => (unit === 'D' ? `P${n}D` : `PT${n}${unit}`);

/** A period of the ladder (ISO 8601 duration) as a number and a unit. */
export function DurationInput({
  value,
  onChange,
  testId,
}: {
  value: string;
  onChange(iso: string): void;
  testId: string;
}) {
  const { t } = useI18n();
  const [n, unit] = splitDuration(value);
  return (
    <span className="duration-input">
      <input
        type="number"
        min={0}
        value={n}
        onChange={(e) => onChange(joinDuration(Math.max(0, Math.floor(Number(e.target.value) || 0)), unit))}
        data-testid={testId}
      />
      <select
        value={unit}
        onChange={(e) => onChange(joinDuration(n, e.target.value as Unit))}
        data-testid={`${testId}-unit`}
      >
        {UNITS.map((u) => (
          <option key={u.key} value={u.key}>
            {t.campaignForm[`unit${u.key}`]}
          </option>
        ))}
      </select>
    </span>
  );
}
