import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { registry } from '../registryApi';

interface Found {
  id: string;
  name: string;
  jurisdictionName: string;
  /** From the top of the registry down (the public search gives it): entries of one name are told apart by it. */
  jurisdictionPath?: string[];
}

/** "中卫市 › 沙坡头区 › 市场监督管理局": where the agency stands, then its name. */
export const agencyPathLabel = (a: Found) => [...(a.jurisdictionPath ?? [a.jurisdictionName]), a.name].join(' › ');

/**
 * The complaint forms' agency search: type part of the name, pick the agency from the registry — the public one's
 * search by default, the bureau's own registry for staff entering a complaint.
 */
export function AgencyPicker({
  onPick,
  search = registry.publicAgencies,
  placeholder,
}: {
  onPick(agency: Found): void;
  search?(q: string): Promise<Found[]>;
  /** what the search box asks for (the public form's words by default) */
  placeholder?: string;
}) {
  const { t } = useI18n();
  const r = t.registry;
  const asked = placeholder ?? r.publicSearch;
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Found[] | null>(null);
  useEffect(() => {
    const text = q.trim();
    if (!text) return setFound(null);
    const timer = setTimeout(() => search(text).then(setFound, () => setFound([])), 250);
    return () => clearTimeout(timer);
  }, [q, search]);
  return (
    <div className="agency-picker">
      <input
        type="search"
        placeholder={asked}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        data-testid="complaint-agency-search"
        aria-label={asked}
      />
      {found && found.length === 0 ? <p className="muted small">{r.noMatch}</p> : null}
      {found?.length ? (
        <ul className="picker" data-testid="complaint-agency-options">
          {found.map((a) => (
            <li key={a.id}>
              <button
                type="button"
                className="link-button"
                onClick={() => (onPick(a), setQ(''))}
                data-testid={`agency-option-${a.id}`}
              >
                {a.jurisdictionPath ? (
                  <>
                    <span className="muted small">{a.jurisdictionPath.join(' › ')} › </span>
                    {a.name}
                  </>
                ) : (
                  <>
                    {a.name} <span className="muted small">{a.jurisdictionName}</span>
                  </>
                )}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
