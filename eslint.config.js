// @ts-check
const { builtinModules } = require('node:module');
const { defineConfig, globalIgnores } = require('eslint/config');
const tseslint = require('typescript-eslint');

/**
 * Workflow code runs in Temporal's deterministic sandbox, bundled by webpack: no Node built-ins, no I/O clients, and
 * activities only through proxyActivities — so their module may be imported for its types alone. domain/ is bundled
 * into the workflows too, so it obeys the same sandbox rules.
 */
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const builtinNames = [
  ...new Set(builtinModules.filter((m) => !m.startsWith('_')).map((m) => m.replace(/^node:/, '').split('/')[0])),
];
/** `node:anything`, and every bare built-in name with or without a subpath (fs, fs/promises, timers/promises...). */
const NODE_BUILTINS = `^(?:node:.*|(?:${builtinNames.map(escape).join('|')})(?:/.*)?)$`;
const SANDBOX = "runs in Temporal's deterministic workflow sandbox";

const sandboxImports = (where, builtinHint) => ({
  patterns: [{ regex: NODE_BUILTINS, message: `${where} ${SANDBOX}, which has no Node built-ins: ${builtinHint}` }],
  paths: ['@temporalio/client', '@temporalio/worker', 'postgres', 'express'].map((name) => ({
    name,
    message: `${where} ${SANDBOX}: I/O belongs in activities/, the Temporal client in api/ and worker/.`,
  })),
});

module.exports = defineConfig([
  globalIgnores([
    'dist/',
    'dashboard/dist/',
    'node_modules/',
    '.tools/',
    '.data/',
    '.test-data/',
    'coverage/',
    'bench/results/',
  ]),

  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
  },

  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    extends: [tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },

  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        sandboxImports(
          'Workflow code',
          'use @temporalio/workflow (sleep, condition, uuid4; Date.now() is deterministic there).',
        ),
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // ../activities, ../activities/deps, ../../activities/... — but not ./activities (the proxy module here)
              regex: '^(?:\\.\\./)+activities(?:/.*)?$',
              allowTypeImports: true,
              message:
                'Workflows may import activities for their types only (`import type`); call them through proxyActivities (workflows/activities.ts).',
            },
            {
              // Every module a workflow imports is instantiated again for each workflow the worker keeps in memory;
              // with zod's schemas that was 2 MB a workflow (docs/BENCHMARKS.md).
              regex: '^(?:zod|(?:\\.\\./)+domain/(?:campaign|deliverables|ledger|complaints))$',
              allowTypeImports: true,
              message:
                'Workflows take zod and the schema modules of domain/ for their types only (`import type`); pure rules live in domain/phases.ts and domain/ledgerRules.ts.',
            },
          ],
        },
      ],
    },
  },

  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        sandboxImports('domain/ is bundled into the workflows and', 'keep domain/ pure computation.'),
      ],
    },
  },

  {
    // The dashboard runs in the browser: it reaches the product through the HTTP API only; from domain/ it takes the
    // pure schemas and labels, and types (`import type`) of anything else.
    files: ['dashboard/**/*.ts', 'dashboard/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: NODE_BUILTINS, message: 'The dashboard runs in the browser, which has no Node built-ins.' },
            {
              regex: '^(?:\\.\\./){2,}(?:api|activities|workflows|worker|db|services|stack|config|scripts)(?:/.*)?$',
              message: 'The dashboard talks to the product over HTTP (src/api.ts), not by importing server code.',
            },
          ],
          paths: ['@temporalio/client', '@temporalio/worker', '@temporalio/workflow', 'postgres', 'express'].map(
            (name) => ({
              name,
              message: 'The dashboard runs in the browser: server packages stay on the server.',
            }),
          ),
        },
      ],
    },
  },

  {
    // Tests poke at loosely typed JSON responses on purpose.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
]);
