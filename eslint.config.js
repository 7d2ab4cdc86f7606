// Type-aware lint: the rules that catch lost promises and unhandled cases matter most here.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, lowest first. A layer may import from the layers before it, never from one
 * after it (docs/architecture.md): the domain is pure; api holds the zod schemas of what the
 * HTTP API takes and answers (shared by the server and the web); i18n reads the translations; the readers
 * of import files know nothing of the database; the database knows nothing of reports; reports
 * read through the database and the domain, so that services can build documents; the server
 * and the CLI call services. Type-only imports follow the same rule.
 */
const LAYERS = ['domain', 'api', 'i18n', 'import', 'db', 'report', 'service', 'server', 'cli'];

const layerZones = LAYERS.slice(0, -1).map((layer, index) => ({
  target: `./src/${layer}`,
  from: LAYERS.slice(index + 1).map((higher) => `./src/${higher}`),
  message: `src/${layer} may not import from a higher layer (order: ${LAYERS.join(' ← ')}).`,
}));

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'data/**',
      'node_modules/**',
      'bin/**',
      'bench/out/**',
      '.tmp/**',
      '**/*.mjs',
      '**/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Imports form a tree of layers: no cycles, no arrow from a lower layer to a higher one.
    files: ['src/**/*.ts', 'src/**/*.tsx', 'web/src/**/*.ts', 'web/src/**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createNodeResolver({ extensionAlias: { '.js': ['.ts', '.tsx', '.js'] } }),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...layerZones,
            {
              target: './src',
              from: './web',
              message: 'src/ may not import from the web application.',
            },
            {
              target: ['./src/server', './src/cli'],
              from: './src/db',
              except: ['./open.ts'],
              message:
                'The server and the CLI reach the database through src/service; only the CLI entry point opens it (src/db/open.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    // SQL lives only in src/db.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/db/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)$/]',
          message: 'SQL lives only in src/db: add a function there.',
        },
        {
          selector: "ImportDeclaration[source.value='kysely'] ImportSpecifier[imported.name='sql']",
          message: 'SQL lives only in src/db: add a function there.',
        },
      ],
    },
  },
  {
    // The web imports code only from the domain and the API's schemas, and nothing of the server.
    files: ['web/src/**/*.ts', 'web/src/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+src/(?!domain/|api/)',
              message: 'The web imports code only from src/domain and src/api.',
            },
          ],
        },
      ],
    },
  },
  {
    // The domain is pure: no database, files, network or UI.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'node:*',
            'fs',
            'path',
            'kysely',
            'pg',
            '@electric-sql/*',
            '../db/*',
            '../import/*',
            '../cli/*',
            '../report/*',
          ],
        },
      ],
    },
  },
  {
    // Fastify's handlers and hooks are async by contract: one without an await is not a mistake.
    files: ['src/server/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
);
