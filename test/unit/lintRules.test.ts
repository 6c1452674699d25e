import path from 'node:path';
import { ESLint } from 'eslint';

/**
 * The workflow sandbox rules of eslint.config.js: workflows/ (and domain/, bundled with them) may not import Node
 * built-ins or I/O clients, and may import activities for their types only.
 */
const ROOT = path.resolve(__dirname, '../..');

// The config object itself rather than ESLint's own lookup, which loads eslint.config.js through import() (not
// available inside Jest's module sandbox); the rules under test are the same.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require(path.join(ROOT, 'eslint.config.js'));
const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: config });

async function lint(file: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result.messages.map((m) => ({ rule: m.ruleId, message: m.message }));
}

describe('workflow sandbox lint rules', () => {
  test.each([
    ["import fs from 'node:fs';\nexport const used = fs;", 'node:fs'],
    ["import path from 'path';\nexport const used = path;", 'path'],
    ["import { createHash } from 'crypto';\nexport const used = createHash;", 'crypto'],
    ["import { setTimeout as wait } from 'timers/promises';\nexport const used = wait;", 'timers/promises'],
    ["import * as cp from 'child_process';\nexport const used = cp;", 'child_process'],
  ])('workflows/ rejects %s', async (code, specifier) => {
    const messages = await lint('workflows/bad.ts', `${code}\n`);
    expect(messages).toEqual([{ rule: 'no-restricted-imports', message: expect.stringContaining(`'${specifier}'`) }]);
  });

  test('workflows/ takes zod and the schema modules of domain/ for their types only', async () => {
    const messages = await lint(
      'workflows/bad.ts',
      "import { z } from 'zod';\nimport { phaseAt } from '../domain/campaign';\nimport type { Policy } from '../domain/campaign';\nimport { phaseWindow } from '../domain/phases';\nexport const used: [unknown, unknown, Policy | null, unknown] = [z, phaseAt, null, phaseWindow];\n",
    );
    expect(messages).toEqual([
      { rule: '@typescript-eslint/no-restricted-imports', message: expect.stringContaining("'zod'") },
      { rule: '@typescript-eslint/no-restricted-imports', message: expect.stringContaining("'../domain/campaign'") },
    ]);
  });

  test('workflows/ rejects a value import from ../activities, and from a module under it', async () => {
    const messages = await lint(
      'workflows/bad.ts',
      "import { agencyActivities } from '../activities';\nimport { deps } from '../activities/deps';\nexport const used = [agencyActivities, deps];\n",
    );
    expect(messages).toEqual([
      { rule: '@typescript-eslint/no-restricted-imports', message: expect.stringContaining("'../activities'") },
      { rule: '@typescript-eslint/no-restricted-imports', message: expect.stringContaining("'../activities/deps'") },
    ]);
  });

  test('workflows/ accepts a type-only import from ../activities, and the local ./activities proxy', async () => {
    const messages = await lint(
      'workflows/good.ts',
      "import type { Activities } from '../activities';\nimport { acts } from './activities';\nimport { proxyActivities } from '@temporalio/workflow';\nexport const used: [Activities | undefined, unknown, unknown] = [undefined, acts, proxyActivities];\n",
    );
    expect(messages).toEqual([]);
  });

  test.each(['@temporalio/client', '@temporalio/worker', 'postgres', 'express'])(
    'workflows/ rejects %s',
    async (pkg) => {
      const messages = await lint('workflows/bad.ts', `import * as m from '${pkg}';\nexport const used = m;\n`);
      expect(messages).toEqual([{ rule: 'no-restricted-imports', message: expect.stringContaining(`'${pkg}'`) }]);
    },
  );

  test('domain/ rejects Node built-ins too, and accepts its own modules', async () => {
    expect(await lint('domain/bad.ts', "import os from 'os';\nexport const used = os;\n")).toEqual([
      { rule: 'no-restricted-imports', message: expect.stringContaining("'os'") },
    ]);
    expect(
      await lint(
        'domain/good.ts',
        "import { DEFAULT_TASK_QUEUE } from './contract';\nimport { util } from './util';\nexport const used = [DEFAULT_TASK_QUEUE, util];\n",
      ),
    ).toEqual([]);
  });

  test('outside workflows/ and domain/, Node built-ins and activities are fine', async () => {
    expect(
      await lint(
        'activities/ok.ts',
        "import fs from 'node:fs';\nimport { x } from '../activities';\nexport const used = [fs, x];\n",
      ),
    ).toEqual([]);
  });

  test('unused arguments are allowed when _-prefixed', async () => {
    const messages = await lint(
      'api/args.ts',
      'export function f(_unused: number, used: number, other: number) {\n  return used;\n}\n',
    );
    expect(messages).toEqual([
      { rule: '@typescript-eslint/no-unused-vars', message: expect.stringContaining("'other'") },
    ]);
  });
});
