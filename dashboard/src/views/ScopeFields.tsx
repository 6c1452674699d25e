import { useState } from 'react';
import { Field } from '../components';
import { registry } from '../registryApi';
import { AgencyPicker, agencyPathLabel } from './AgencyPicker';
import type { FieldErrors } from '../forms';
import { useI18n } from '../i18n';

export interface Scope {
  role: string;
  jurisdictionId: string;
  agencyId: string;
}

/** The caller's own registry, searched by name (a bureau's subtree; all of it for an administrator). */
const searchOwnRegistry = (q: string) => registry.agencies(q, 20);

/** The role and scope of a key or an account (SPEC §1): a bureau names its jurisdiction, an agency its agency. */
export function ScopeFields({
  value,
  roles,
  errors,
  onChange,
}: {
  value: Scope;
  roles: readonly string[];
  errors: FieldErrors;
  onChange(v: Scope): void;
}) {
  const { t } = useI18n();
  // the agency picked by its name: the form keeps its id, the person sees its name
  const [picked, setPicked] = useState('');
  return (
    <>
      <Field errors={errors} path="role">
        <select
          value={value.role}
          onChange={(e) => onChange({ ...value, role: e.target.value })}
          data-testid="scope-role"
        >
          {roles.map((r) => (
            <option key={r} value={r}>
              {t.roles[r]}
            </option>
          ))}
        </select>
      </Field>
      {value.role === 'bureau' || value.role === 'discipline' ? (
        <Field errors={errors} path="jurisdictionId">
          <input
            type="text"
            value={value.jurisdictionId}
            onChange={(e) => onChange({ ...value, jurisdictionId: e.target.value })}
            data-testid="scope-jurisdiction"
          />
        </Field>
      ) : null}
      {value.role === 'agency' ? (
        <Field errors={errors} path="agencyId">
          {value.agencyId ? (
            <span className="picked" data-testid="scope-agency-picked">
              {picked || value.agencyId}{' '}
              <button
                type="button"
                className="link-button"
                onClick={() => (setPicked(''), onChange({ ...value, agencyId: '' }))}
              >
                {t.agencyUnpick}
              </button>
            </span>
          ) : (
            <AgencyPicker
              search={searchOwnRegistry}
              placeholder={t.registry.searchByName}
              onPick={(a) => (setPicked(agencyPathLabel(a)), onChange({ ...value, agencyId: a.id }))}
            />
          )}
        </Field>
      ) : null}
    </>
  );
}

/** The scope as the strict API schemas take it: only the field the role carries, trimmed. */
export const scopeBody = (v: Scope) => ({
  role: v.role,
  ...(v.role === 'bureau' || v.role === 'discipline'
    ? v.jurisdictionId.trim()
      ? { jurisdictionId: v.jurisdictionId.trim() }
      : {}
    : {}),
  ...(v.role === 'agency' && v.agencyId.trim() ? { agencyId: v.agencyId.trim() } : {}),
});

/** Whom a key or account is for, by the unit's name ("沙坡头区交通运输局"); an id the registry does not name shows as "—". */
export const scopeText = (
  s: { jurisdictionId: string | null; agencyId: string | null },
  names: Map<string, string>,
) => {
  const id = s.agencyId ?? s.jurisdictionId;
  return (id && names.get(id)) ?? '—';
};
