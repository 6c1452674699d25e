import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { connectDatabase } from '../../db/connect';
import { projectRoot } from '../../stack/temporalCli';

/**
 * The registry's migration (00010_org_registry) on a database that already holds campaigns: their jurisdictions and agencies move into the registry,
 * the first campaign wins where two disagree, and the disagreement is reported (notices and org_registry_conflicts).
 * Runs in a database of its own on the test run's server, migrated up to the one before it first.
 */
describe('migrating existing campaigns into the registry (00010_org_registry)', () => {
  const dir = path.join(projectRoot(), 'db', 'migrations');
  const migrations = fs
    .readdirSync(dir)
    .filter((d) => /^\d{5}_/.test(d))
    .sort();
  const registry = migrations.find((m) => m.endsWith('_org_registry'))!;
  const name = `regmig_${randomBytes(4).toString('hex')}`;
  const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => undefined });
  const notices: string[] = [];
  let sql: postgres.Sql;

  beforeAll(async () => {
    await admin.unsafe(`create database ${name}`);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    sql = connectDatabase(url.toString(), { max: 1, onNotice: (m) => notices.push(m) });
    for (const m of migrations.filter((m) => m < registry))
      await sql.unsafe(fs.readFileSync(path.join(dir, m, 'index.sql'), 'utf8'));
  });
  afterAll(async () => {
    await sql?.end();
    await admin.unsafe(`drop database if exists ${name}`);
    await admin.end();
  });

  test('first campaign wins; the conflict is reported', async () => {
    const campaign = async (
      id: string,
      createdAt: string,
      tree: [string, string, string | null, string[]][],
      agencies: [string, string, string][],
    ) => {
      await sql`insert into campaigns (id, name, jurisdiction, settings, created_by, created_at)
                values (${id}, ${id}, ${sql.json({ id: tree[0][0], name: tree[0][1] })}, ${sql.json({})}, 'k', ${createdAt})`;
      for (const [j, n, parent, p] of tree)
        await sql`insert into jurisdictions (campaign_id, id, name, parent_id, path) values (${id}, ${j}, ${n}, ${parent}, ${p})`;
      for (const [a, n, j] of agencies)
        await sql`insert into agencies (campaign_id, id, name, jurisdiction_id) values (${id}, ${a}, ${n}, ${j})`;
    };
    // the city's campaign first; then county zhongning's own, which (wrongly) lists the city's police under itself
    await campaign(
      'c-city',
      '2026-03-01T00:00:00Z',
      [
        ['zhongwei', '中卫市', null, ['zhongwei']],
        ['shapotou', '沙坡头区', 'zhongwei', ['zhongwei', 'shapotou']],
        ['zhongning', '中宁县', 'zhongwei', ['zhongwei', 'zhongning']],
      ],
      [
        ['police', '沙坡头区公安分局', 'shapotou'],
        ['market', '市市场监督管理局', 'zhongwei'],
      ],
    );
    await campaign(
      'c-county',
      '2026-04-01T00:00:00Z',
      [['zhongning', '中宁县', null, ['zhongning']]],
      [
        ['police', '沙坡头区公安分局', 'zhongning'],
        ['zn-tax', '中宁县税务局', 'zhongning'],
      ],
    );

    await sql.unsafe(fs.readFileSync(path.join(dir, registry, 'index.sql'), 'utf8'));

    expect(await sql`select id, parent_id, path, notice_prefix from org_jurisdictions order by id`).toEqual([
      { id: 'shapotou', parent_id: 'zhongwei', path: ['zhongwei', 'shapotou'], notice_prefix: null },
      { id: 'zhongning', parent_id: 'zhongwei', path: ['zhongwei', 'zhongning'], notice_prefix: null },
      { id: 'zhongwei', parent_id: null, path: ['zhongwei'], notice_prefix: '卫法督' },
    ]);
    expect(await sql`select id, jurisdiction_id from org_agencies order by id`).toEqual([
      { id: 'market', jurisdiction_id: 'zhongwei' },
      { id: 'police', jurisdiction_id: 'shapotou' },
      { id: 'zn-tax', jurisdiction_id: 'zhongning' },
    ]);
    expect(
      await sql`select kind, id, kept_campaign_id, kept, other_campaign_id, other from org_registry_conflicts order by kind, id`,
    ).toEqual([
      {
        kind: 'agency',
        id: 'police',
        kept_campaign_id: 'c-city',
        kept: { name: '沙坡头区公安分局', jurisdictionId: 'shapotou' },
        other_campaign_id: 'c-county',
        other: { name: '沙坡头区公安分局', jurisdictionId: 'zhongning' },
      },
      {
        kind: 'jurisdiction',
        id: 'zhongning',
        kept_campaign_id: 'c-city',
        kept: { name: '中宁县', parentId: 'zhongwei' },
        other_campaign_id: 'c-county',
        other: { name: '中宁县', parentId: null },
      },
    ]);
    expect(notices.filter((n) => n.startsWith('registry:'))).toEqual([
      'registry: agency "police" kept as in campaign c-city ({"name": "沙坡头区公安分局", "jurisdictionId": "shapotou"}), campaign c-county said {"name": "沙坡头区公安分局", "jurisdictionId": "zhongning"}',
      'registry: jurisdiction "zhongning" kept as in campaign c-city ({"name": "中宁县", "parentId": "zhongwei"}), campaign c-county said {"name": "中宁县", "parentId": null}',
      'registry: 3 jurisdictions, 3 agencies migrated; 2 conflicts (table org_registry_conflicts)',
    ]);
  });
});
