import { ConfigError, loadConfig } from '../config/env';
import { SEARCH_ATTRIBUTES } from '../domain/searchAttributes';
import { ensureNamespace } from '../stack/temporalNamespace';

/**
 * `node dist/scripts/temporalSetup.js`: registers TEMPORAL_NAMESPACE and the workflows' search attributes on the
 * Temporal server at TEMPORAL_ADDRESS, each when missing — docker-compose's temporal-setup service, and the step to
 * run once against any server the product is pointed at. The cluster mode does the same itself.
 */
async function main() {
  const config = loadConfig();
  if (!config.TEMPORAL_ADDRESS) throw new ConfigError('temporalSetup needs TEMPORAL_ADDRESS');
  await ensureNamespace(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE, 120_000);
  process.stdout.write(
    `namespace ${config.TEMPORAL_NAMESPACE} has the search attributes ${SEARCH_ATTRIBUTES.map((a) => a.name).join(', ')}\n`,
  );
}

main().catch((err) => {
  process.stderr.write(
    `${err instanceof ConfigError ? err.message : `temporal setup failed: ${err instanceof Error ? err.message : String(err)}`}\n`,
  );
  process.exit(1);
});
