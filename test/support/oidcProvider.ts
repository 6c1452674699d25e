import { spawn } from 'node:child_process';
import path from 'node:path';

/** The product as a client of the test provider: what OIDC_CLIENT_ID and OIDC_CLIENT_SECRET say. */
export const TEST_OIDC_CLIENT = { id: 'rectification-campaigns', secret: 'test-client-secret-0123456789' };

/** The province's identity provider as the tests run it (test/support/oidcProviderServer.mjs), on a free loopback port. */
export interface TestOidcProvider {
  issuer: string;
  stop(): Promise<void>;
}

/**
 * Starts the provider on `port` (chosen with freePort before the API, whose OIDC_ISSUER names it) with the product's
 * callback on `apiUrl` registered. `accounts`: subject → name.
 */
export async function startOidcProvider(o: {
  apiUrl: string;
  accounts: Record<string, string>;
  port: number;
}): Promise<TestOidcProvider> {
  const client = {
    client_id: TEST_OIDC_CLIENT.id,
    client_secret: TEST_OIDC_CLIENT.secret,
    redirect_uris: [`${o.apiUrl}/v1/auth/oidc/callback`],
    post_logout_redirect_uris: [`${o.apiUrl}/`],
  };
  const child = spawn(
    process.execPath,
    [path.join(__dirname, 'oidcProviderServer.mjs'), JSON.stringify({ port: o.port, client, accounts: o.accounts })],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const issuer = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const ready = /^ready (\S+)$/m.exec(out);
      if (ready) resolve(ready[1]);
    });
    child.once('exit', (code) => reject(new Error(`the test identity provider exited (${code}) before it was ready`)));
  });
  return {
    issuer,
    async stop() {
      if (child.exitCode !== null) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await gone;
    },
  };
}
