// A real OpenID Connect provider for the sign-in tests (test/support/oidcProvider.ts starts it): oidc-provider, an ES
// module, in a process of its own, since jest's module system cannot load it. Its one client is the product; its
// accounts are the subjects the test names; people sign in on its development form (any password).
import Provider from 'oidc-provider';

const { port, client, accounts } = JSON.parse(process.argv[2]);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [{ ...client, grant_types: ['authorization_code'], response_types: ['code'] }],
  async findAccount(_ctx, sub) {
    if (!Object.hasOwn(accounts, sub)) return undefined;
    return { accountId: sub, claims: async () => ({ sub, name: accounts[sub] }) };
  },
  claims: { openid: ['sub'], profile: ['name'] },
  cookies: { keys: ['test-provider-cookie-key'] },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  pkce: { required: () => true },
});
provider.listen(port, '127.0.0.1', () => process.stdout.write(`ready ${issuer}\n`));
for (const sig of ['SIGTERM', 'SIGINT']) process.once(sig, () => process.exit(0));
