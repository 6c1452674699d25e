import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { registry } from '../registryApi';

/** The public complaint form's agency search: type part of the name, pick the agency from the registry. */
export function AgencyPicker({ onPick }: { onPick(agency: { id: string; name: string }): void }) {
  const { t } = useI18n();
  const r = t.registry;
  const [q, setQ] = useState('');
  const [found, setFound] = useState<{ id: string; name: string; jurisdictionName: string }[] | null>(null);
  useEffect(() => {
    const text = q.trim();
    if (!text) return setFound(null);
    const timer = setTimeout(() => registry.publicAgencies(text).then(setFound, () => setFound([])), 250);
    return () => clearTimeout(timer);
  }, [q]);
  return (
    <div className="agency-picker">
      <input type="search" placeholder={r.publicSearch} value={q} onChange={(e) => setQ(e.target.value)} data-testid="complaint-agency-search" aria-label={r.publicSearch} />
      {found && found.length === 0 ? <p className="muted small">{r.noMatch}</p> : null}
      {found?.length ? (
        <ul className="picker" data-testid="complaint-agency-options">
          {found.map((a) => (
            <li key={a.id}>
              <button type="button" className="link-button" onClick={() => (onPick(a), setQ(''))} data-testid={`agency-option-${a.id}`}>
                {a.name} <span className="muted small">{a.jurisdictionName}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
