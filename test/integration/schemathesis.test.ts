import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { agencies, createCampaign, createKey } from '../support/campaigns';
import { startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import { createOwnDatabase } from '../support/testDatabase';

/**
 * The OpenAPI document is true to the API (issue 28 point 8): schemathesis (Python, installed by .ci/run; `pip install
 * schemathesis==4.32.5`) generates requests from /openapi.json for every operation, as the admin and as a county
 * bureau, and checks every answer: no 5xx, a status the document lists for the operation, the content type and the
 * body's schema it gives for that status. A small, deterministic budget: a few examples per operation, one seed.
 */
const SCHEMATHESIS = process.env.SCHEMATHESIS_PATH ?? 'schemathesis';
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
];

function runSchemathesis(
  baseUrl: string,
  token: string,
  reportDir: string,
  excluded: string[],
): Promise<{ code: number | null; output: string }> {
  const args = [
    'run',
    `${baseUrl}/openapi.json`,
    '--url',
    baseUrl,
    '--checks',
    CHECKS.join(','),
    '--header',
    `Authorization: Bearer ${token}`,
    '--max-examples',
    '5',
    '--seed',
    '28',
    '--generation-deterministic',
    '--phases',
    'examples,coverage,fuzzing',
    // one thread: Python 3.11.7's AST parser, which Hypothesis calls to describe a strategy, is not thread-safe
    '--workers',
    '1',
    '--no-shrink',
    '--continue-on-failure',
    '--request-timeout',
    '30',
    '--max-redirects',
    '0',
    '--no-color',
    ...excluded.flatMap((name) => ['--exclude-name', name]),
    '--report',
    'junit',
    '--report-dir',
    reportDir,
  ];
  return new Promise((resolve, reject) => {
    let output = '';
    // in the report's directory: schemathesis keeps a .schemathesis/ of its own wherever it runs
    fs.mkdirSync(reportDir, { recursive: true });
    const child = spawn(SCHEMATHESIS, args, { cwd: reportDir, env: { ...process.env, PYTHONIOENCODING: 'utf-8' } });
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', (err) =>
      reject(new Error(`${SCHEMATHESIS} did not start (${err.message}): pip install schemathesis==4.32.5`)),
    );
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('the OpenAPI document is true to every answer (schemathesis)', () => {
  // A database of its own: the admin's run changes whatever it finds (it moved the shared registry's counties under
  // other parents, and the files after it could not launch their campaigns)
  const t = {} as { h: Harness; http: HttpClient };
  let database: Awaited<ReturnType<typeof createOwnDatabase>>;
  let reportDir: string;

  /**
   * A key for each run. The county's run leaves out revoking keys: schemathesis takes ids from the answers it got (the
   * keys list) and would revoke the very key it holds; the admin's bootstrap token cannot be revoked and covers it.
   */
  // the county's campaign, in a city of its own
  const run = Math.random().toString(36).slice(2, 8);
  const CITY = { id: `st-${run}`, name: '中卫市', children: [{ id: `st-${run}-sp`, name: '沙坡头区' }] };
  const runs: { who: string; key: () => Promise<string>; exclude: string[] }[] = [
    {
      who: 'a county bureau',
      key: () => createKey(t.http, t.h.adminToken, { role: 'bureau', jurisdictionId: CITY.children[0].id }),
      exclude: ['POST /v1/api-keys/{id}/revoke'],
    },
    { who: 'the admin', key: async () => t.h.adminToken, exclude: [] },
  ];

  beforeAll(async () => {
    database = await createOwnDatabase('schemathesis');
    t.h = await startHarness({ databaseUrl: database.url });
    t.http = httpClient(t.h.api.url);
    reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'schemathesis-'));
    // a campaign, so a county bureau's reads find something of its own
    for (const [id, name, parentId] of [
      [CITY.id, CITY.name, null],
      [CITY.children[0].id, CITY.children[0].name, CITY.id],
    ] as const)
      expect((await t.http.put(`/v1/jurisdictions/${id}`, { name, parentId }, t.h.adminToken)).status).toBe(201);
    await createCampaign(t.http, await createKey(t.http, t.h.adminToken, { role: 'bureau', jurisdictionId: CITY.id }), {
      name: '2027年专项整治（接口契约）',
      jurisdiction: CITY,
      agencies: agencies(2, CITY.children[0].id),
      year: 2027,
    });
  });
  afterAll(async () => {
    fs.rmSync(reportDir, { recursive: true, force: true });
    await t.h?.close();
    await database?.drop();
  });

  test('as the admin and as a county bureau: no 5xx, and every status, content type and body as the document says', async () => {
    // side by side, each in a process of its own
    const results = await Promise.all(
      runs.map(async (r) => ({
        who: r.who,
        ...(await runSchemathesis(t.h.api.url, await r.key(), path.join(reportDir, r.who), r.exclude)),
      })),
    );
    const problems = results.filter((r) => r.code !== 0);
    // the summary and every failure, for whoever reads CI's log
    for (const r of problems) process.stderr.write(`schemathesis as ${r.who}:\n${r.output}\n`);
    expect(problems.map((r) => ({ who: r.who, code: r.code, failures: r.output.match(/^_+ .* _+$/gm) ?? [] }))).toEqual(
      [],
    );
  }, 400_000);
});
