import { ConfigError, loadConfig } from '../../config/env';

describe('configuration from the environment', () => {
  test('defaults make the embedded stack', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3000,
      DATA_DIR: '.data',
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'rectification-campaigns',
      LOG_LEVEL: 'info',
    });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.TEMPORAL_ADDRESS).toBeUndefined();
  });

  test.each([
    ['PORT', 'abc'],
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['TEMPORAL_ADDRESS', 'no-port'],
    ['BOOTSTRAP_ADMIN_TOKEN', 'short'],
    ['LOG_LEVEL', 'loud'],
  ])('a bad %s is named in one line', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^invalid configuration: ${name}: `));
  });

  test("the identity provider's settings go together, over https (plain http on loopback only)", () => {
    const client = { OIDC_CLIENT_ID: 'rectification', OIDC_CLIENT_SECRET: 'secret' };
    expect(loadConfig({ OIDC_ISSUER: 'https://idp.example.gov.cn/oidc', ...client }).OIDC_ISSUER).toBe(
      'https://idp.example.gov.cn/oidc',
    );
    expect(
      loadConfig({ OIDC_ISSUER: 'http://127.0.0.1:9000', ...client, LOCAL_PASSWORDS: 'off' }).LOCAL_PASSWORDS,
    ).toBe('off');
    expect(loadConfig({}).LOCAL_PASSWORDS).toBe('on');
    expect(() => loadConfig({ OIDC_ISSUER: 'https://idp.example.gov.cn' })).toThrow(
      /^invalid configuration: OIDC_ISSUER: needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET$/,
    );
    expect(() => loadConfig({ OIDC_ISSUER: 'http://idp.example.gov.cn', ...client })).toThrow(
      /^invalid configuration: OIDC_ISSUER: must be https/,
    );
    expect(() => loadConfig({ LOCAL_PASSWORDS: 'off' })).toThrow(
      /^invalid configuration: LOCAL_PASSWORDS: off needs OIDC_ISSUER$/,
    );
    expect(() => loadConfig({ LOCAL_PASSWORDS: 'no' })).toThrow(/^invalid configuration: LOCAL_PASSWORDS: /);
  });
});
