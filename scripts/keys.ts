import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Sql } from 'postgres';
import { z } from 'zod';
import { loadConfig } from '../config/env';
import { connectDatabase } from '../db/connect';
import { HttpError } from '../api/errors';
import { CreateKeySchema, ROLES, createApiKey, listApiKeys, revokeApiKey, type ApiKeyView } from '../api/keys';

/**
 * `npm run keys -- <command>`: API keys straight in DATABASE_URL, for operators (and for the first bureau key before
 * anyone holds an admin token).
 *
 *   create --role bureau --jurisdiction zhongwei --label "中卫市司法局"
 *   create --role agency --agency market-supervision --label "市市场监督管理局"
 *   create --role discipline [--jurisdiction zhongwei] --label "市纪委监委"
 *   list [--all] [--role ROLE]          active keys (with --all, revoked ones too)
 *   revoke <id>
 *
 * The token of a new key is printed once; only its hash is kept.
 */
export const USAGE = `usage: npm run keys -- <command>
  create --role ${ROLES.join('|')} [--jurisdiction ID] [--agency ID] --label TEXT
  list [--all] [--role ROLE]
  revoke <id>`;

export interface KeysIo {
  out(line: string): void;
  err(line: string): void;
}

/** Runs one command; returns the process exit code (0 ok, 1 refused, 2 usage). */
export async function runKeysCommand(argv: readonly string[], sql: Sql, io: KeysIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'create':
        return await create(rest, sql, io);
      case 'list':
        return await list(rest, sql, io);
      case 'revoke':
        return await revoke(rest, sql, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return command ? 0 : 2;
      default:
        io.err(`unknown command "${command}"\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\n${USAGE}`);
      return 2;
    }
    if (err instanceof z.ZodError) {
      io.err(`refused: ${err.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`);
      return 1;
    }
    if (err instanceof HttpError) {
      io.err(`refused: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

class UsageError extends Error {}

function args<T extends ParseArgsConfig>(config: T, positionals = 0): ReturnType<typeof parseArgs<T>> {
  let parsed: ReturnType<typeof parseArgs<T>>;
  try {
    parsed = parseArgs(config);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (parsed.positionals.length !== positionals)
    throw new UsageError(`expected ${positionals} argument(s), got ${parsed.positionals.length}`);
  return parsed;
}

async function create(rest: readonly string[], sql: Sql, io: KeysIo): Promise<number> {
  const { values } = args({
    args: [...rest],
    strict: true,
    options: {
      role: { type: 'string' },
      jurisdiction: { type: 'string' },
      agency: { type: 'string' },
      label: { type: 'string' },
    },
  });
  const input = CreateKeySchema.parse({
    role: values.role,
    jurisdictionId: values.jurisdiction,
    agencyId: values.agency,
    label: values.label,
  });
  const { id, token } = await createApiKey(sql, input);
  io.out(`created ${input.role} key ${id}${scopeOf(input.jurisdictionId ?? null, input.agencyId ?? null)}`);
  io.out(`token (shown once, keep it safe): ${token}`);
  return 0;
}

async function list(rest: readonly string[], sql: Sql, io: KeysIo): Promise<number> {
  const { values } = args({
    args: [...rest],
    strict: true,
    options: { all: { type: 'boolean' }, role: { type: 'string' } },
  });
  const role = values.role === undefined ? undefined : z.enum(ROLES).parse(values.role);
  const rows: ApiKeyView[] = [];
  let cursor: string | undefined;
  do {
    const page = await listApiKeys(sql, { limit: 500, cursor, role, revoked: values.all ? undefined : false });
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  if (!rows.length) {
    io.out('no keys');
    return 0;
  }
  for (const k of rows) {
    const state = k.revokedAt ? `revoked ${k.revokedAt}` : 'active';
    io.out(`${k.id}\t${k.role}\t${k.jurisdictionId ?? k.agencyId ?? '-'}\t${state}\t${k.createdAt}\t${k.label}`);
  }
  return 0;
}

async function revoke(rest: readonly string[], sql: Sql, io: KeysIo): Promise<number> {
  const { positionals } = args({ args: [...rest], strict: true, allowPositionals: true, options: {} }, 1);
  const key = await revokeApiKey(sql, positionals[0]);
  io.out(`revoked ${key.role} key ${key.id} at ${key.revokedAt}`);
  return 0;
}

const scopeOf = (jurisdictionId: string | null, agencyId: string | null) =>
  jurisdictionId ? ` for jurisdiction ${jurisdictionId}` : agencyId ? ` for agency ${agencyId}` : '';

/** The process entry: thin on purpose, the commands above are what the tests run. */
async function main(): Promise<number> {
  const { DATABASE_URL } = loadConfig();
  if (!DATABASE_URL) {
    process.stderr.write('DATABASE_URL is required (the database the API uses)\n');
    return 2;
  }
  const sql = connectDatabase(DATABASE_URL, { max: 1 });
  try {
    return await runKeysCommand(process.argv.slice(2), sql, {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`keys failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
