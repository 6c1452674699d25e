import { spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../stack/processes';

/** The province's identity provider as the tests run it (test/support/oidcProvider.mjs), on a free loopback port. */
export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  stop(): Promise<void>;
}

/**
 * Starts the provider before the API that uses it: the issuer's port is chosen first, and the product's callback is
 * registered once the API's address is known (`apiUrl` then). `accounts`: subject → name.
 */
export async function startOidcProvider(o: {
  apiUrl: string;
  accounts: Record<string, string>;
  port?: number;
}): Promise<TestOidcProvider> {
  const port = o.port ?? (await freePort());
  const clientId = 'rectification-campaigns';
  const clientSecret = 'test-client-secret-0123456789';
  const client = {
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [`${o.apiUrl}/v1/auth/oidc/callback`],
    post_logout_redirect_uris: [`${o.apiUrl}/`],
  };
  const child = spawn(
    process.execPath,
    [path.join(__dirname, 'oidcProvider.mjs'), JSON.stringify({ port, client, accounts: o.accounts })],
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
    clientId,
    clientSecret,
    async stop() {
      if (child.exitCode !== null) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await gone;
    },
  };
}
