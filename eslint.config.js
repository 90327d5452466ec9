// ESLint: type-aware typescript-eslint rules, plus the layer boundaries of docs/architecture.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Layers and what each may not import (relative import patterns, matched against the import path). */
const forbid = (...layers) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: layers.map((layer) => ({
        group: [`**/${layer}/*`, `**/${layer}`],
        message: `This layer may not import from src/${layer} (see docs/architecture.md, "Layers").`,
      })),
    },
  ],
});
const ENGINES = ['analytics', 'forecast', 'planning', 'comp', 'quality'];
const EDGES = ['ingest', 'store', 'server', 'cli', 'mcp', 'workspace', 'demo', 'web'];
/** The edges but `edge` itself (a layer's own folder is never forbidden to it). */
const edgesBut = (edge) => EDGES.filter((other) => other !== edge);

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'demo/', 'coverage/', 'bench/out/', 'web/dist/', 'bin/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  { files: ['src/domain/**'], rules: forbid('platform', 'dataset', ...ENGINES, 'reports', ...EDGES) },
  {
    files: ['src/platform/**'],
    rules: forbid('domain', 'dataset', ...ENGINES, 'reports', 'services', ...EDGES),
  },
  {
    files: ['src/store/**'],
    rules: forbid('platform', 'dataset', ...ENGINES, 'reports', ...edgesBut('store')),
  },
  { files: ['src/dataset/**'], rules: forbid('platform', ...ENGINES, 'reports', ...edgesBut('store')) },
  { files: ENGINES.map((engine) => `src/${engine}/**`), rules: forbid('platform', 'reports', ...EDGES) },
  { files: ['src/reports/**'], rules: forbid('platform', ...EDGES) },
  {
    files: ['src/demo/**'],
    rules: forbid('platform', 'dataset', ...ENGINES, 'reports', ...edgesBut('demo')),
  },
  {
    files: ['src/ingest/**'],
    rules: forbid('dataset', ...ENGINES, 'reports', 'server', 'cli', 'mcp', 'workspace', 'demo', 'web'),
  },
  { files: ['src/workspace/**'], rules: forbid(...ENGINES, 'reports', 'server', 'cli', 'mcp', 'web') },
  { files: ['src/services/**'], rules: forbid('server', 'cli', 'mcp', 'web') },
  { files: ['src/server/**'], rules: forbid('cli', 'web') },
  { files: ['src/cli/**', 'src/mcp/**', 'src/index.ts'], rules: forbid('web') },
  { files: ['src/cli/**', 'bench/**', 'test/**'], rules: { 'no-console': 'off' } },
  {
    files: ['**/*.test.ts', 'test/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/unbound-method': 'off' },
  },
);
