import { useEffect, useState } from 'react';
import { ApiError, type Me } from '../api';
import { LoadError } from '../components';
import { useI18n } from '../i18n';
import { registry, treeFrom, type RegistryAgency, type RegistryJurisdiction, type TreeNode } from '../registryApi';

/**
 * The campaign form's agency picker: the registry's agencies of the bureau's subtree, ticked, are the definition's
 * `agencies`, and the bureau's subtree from the registry its `jurisdiction` — handed to the form as they change.
 */
export function RegistryPicker({
  me,
  onPick,
  onRoot,
}: {
  me: Me;
  onPick(jurisdiction: TreeNode, agencies: { id: string; name: string; jurisdictionId: string }[]): void;
  onRoot?(jurisdiction: TreeNode): void;
}) {
  const { t } = useI18n();
  const r = t.registry;
  const [tree, setTree] = useState<RegistryJurisdiction[]>([]);
  const [agencies, setAgencies] = useState<RegistryAgency[]>([]);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<ApiError>();
  useEffect(() => {
    registry.jurisdictions().then(setTree, setError);
    registry.agencies('', 500).then(setAgencies, setError);
  }, []);
  const root = me.jurisdictionId ? treeFrom(tree, me.jurisdictionId) : null;
  // the form hears of a choice as it is made (not when the lists load, which would undo a definition loaded meanwhile)
  const choose = (next: ReadonlySet<string>) => {
    setChosen(next);
    if (root)
      onPick(
        root,
        agencies
          .filter((a) => next.has(a.id))
          .map((a) => ({ id: a.id, name: a.name, jurisdictionId: a.jurisdictionId })),
      );
  };
  const toggle = (id: string) =>
    choose(chosen.has(id) ? new Set([...chosen].filter((x) => x !== id)) : new Set([...chosen, id]));
  const rootKey = root ? JSON.stringify(root) : '';
  useEffect(() => {
    if (root) onRoot?.(root);
    // the tree by value: treeFrom builds a new object on every render
  }, [rootKey]);
  return (
    <fieldset data-testid="registry-picker">
      <legend>{r.pickTitle}</legend>
      <LoadError error={error} />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={agencies.length > 0 && chosen.size === agencies.length}
          onChange={(e) => choose(new Set(e.target.checked ? agencies.map((a) => a.id) : []))}
          data-testid="pick-all"
        />
        {r.pickAll}
      </label>
      <ul className="picker">
        {agencies.map((a) => (
          <li key={a.id}>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={chosen.has(a.id)}
                onChange={() => toggle(a.id)}
                data-testid={`pick-${a.id}`}
              />
              {a.name} <span className="muted small">{a.jurisdictionName}</span>
            </label>
          </li>
        ))}
      </ul>
      <p className="muted small" data-testid="pick-count" data-count={chosen.size}>
        {r.chosen} {chosen.size}
      </p>
    </fieldset>
  );
}
