// Lint rules, including the folder boundaries of docs/ARCHITECTURE.md: a boundary that is not
// a lint rule does not hold (STYLE.md practice 1).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const frameworks = ['fastify', 'fastify/*', '@fastify/*', 'kysely', 'pg', 'better-sqlite3', 'ioredis', 'pino'];
const io = ['node:fs', 'node:fs/*', 'node:net', 'node:http', 'node:https', 'node:child_process', 'fs', 'net', 'http'];

/** Forbid imports of the given src/ folders (relative paths) and packages. */
function forbid(folders, packages = [], message = 'crosses a folder boundary (docs/ARCHITECTURE.md)') {
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...folders.map((f) => ({ group: [`**/${f}/*`, `**/${f}`], message: `${f}/ ${message}` })),
          ...(packages.length ? [{ group: packages, message: `${message}: a pure module does no I/O` }] : []),
        ],
      },
    ],
  };
}

const pure = ['store', 'http', 'dialects', 'events', 'commands', 'sdk', 'cli', 'config'];

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'test-output/', 'coverage/', 'scratch/', 'src/sdk/web/snippet.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      'max-lines': ['warn', { max: 300, skipBlankLines: true, skipComments: true }],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  { files: ['bin/**/*.js', '*.js'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
  { files: ['src/core/**/*.ts'], ignores: ['**/*.test.ts'], rules: forbid([...pure, 'decide', 'stats'], [...frameworks, ...io]) },
  // Core's tests keep core's folder boundaries but may read files (docs/errors.md parity).
  { files: ['src/core/**/*.test.ts'], rules: forbid([...pure, 'decide', 'stats'], frameworks) },
  { files: ['src/decide/**/*.ts', 'src/stats/**/*.ts'], ignores: ['**/*.test.ts'], rules: forbid(pure, [...frameworks, ...io]) },
  { files: ['src/store/**/*.ts'], rules: forbid(['http', 'dialects', 'events', 'commands', 'sdk', 'decide', 'stats']) },
  { files: ['src/events/**/*.ts'], rules: forbid(['http', 'dialects', 'commands', 'sdk']) },
  { files: ['src/commands/**/*.ts'], rules: forbid(['http', 'dialects', 'sdk'], ['fastify', '@fastify/*']) },
  { files: ['src/http/**/*.ts'], rules: forbid(['dialects', 'commands', 'events', 'sdk']) },
  { files: ['src/sdk/**/*.ts'], rules: forbid(['dialects', 'commands', 'store/repos', 'stats']) },
  { files: ['src/dialects/optimizely/**/*.ts'], rules: forbid(['dialects/ours', 'dialects/posthog', 'dialects/oauth', 'store/repos', 'sdk'], ['kysely'], 'is another dialect or SQL') },
  { files: ['src/dialects/ours/**/*.ts'], rules: forbid(['dialects/optimizely', 'dialects/posthog', 'dialects/oauth', 'store/repos', 'sdk'], ['kysely'], 'is another dialect or SQL') },
  { files: ['src/dialects/posthog/**/*.ts'], rules: forbid(['dialects/optimizely', 'dialects/ours', 'dialects/oauth', 'store/repos', 'sdk'], ['kysely'], 'is another dialect or SQL') },
  // The OAuth 2.0 endpoints are a dialect of their own (RFC 6749's words and error shape).
  { files: ['src/dialects/oauth/**/*.ts'], rules: forbid(['dialects/optimizely', 'dialects/ours', 'dialects/posthog', 'store/repos', 'sdk'], ['kysely'], 'is another dialect or SQL') },
);
