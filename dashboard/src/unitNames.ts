import { usePoll } from './hooks';
import { registry } from './registryApi';

/**
 * The names of the jurisdictions and agencies of the caller's registry, by id, read once: views that list keys or
 * accounts name their unit ("沙坡头区交通运输局"), never its id. Only for roles that may read the registry.
 */
export function useUnitNames(): Map<string, string> {
  const names = usePoll(
    async () => {
      const [jurisdictions, agencies] = await Promise.all([registry.jurisdictions(), registry.agencies('', 500)]);
      return new Map([...jurisdictions, ...agencies].map((u) => [u.id, u.name]));
    },
    [],
    0,
  );
  return names.data ?? new Map();
}
