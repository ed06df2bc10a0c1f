// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const electronPaths = [
  {
    name: 'electron',
    message:
      'Only src/main and src/preload may import electron (DESIGN.md: the engine is plain Node).',
  },
];
const electronPatterns = [
  { group: ['electron/*'], message: 'Only src/main and src/preload may import electron.' },
];
/**
 * Hosts and the renderer reach the engine through its public entry only (issue 14, decision
 * 0090): `…/engine` or `…/engine/index`, never a module inside it. Tests and benches may.
 */
const enginePatterns = [
  {
    regex: '(^|/)engine/(?!index(\\.ts)?$).+',
    message:
      "Import the engine's public entry (src/engine/index.ts), not its internals: hosts call the engine through the contract (engine.call).",
  },
];

/** Everything that is not the Electron shell must stay free of Electron (DESIGN.md). */
const noElectron = {
  'no-restricted-imports': ['error', { paths: electronPaths, patterns: electronPatterns }],
};
/** Hosts without Electron and the renderer: no Electron, and the engine's public entry only. */
const noElectronNorEngineInternals = {
  'no-restricted-imports': [
    'error',
    { paths: electronPaths, patterns: [...electronPatterns, ...enginePatterns] },
  ],
};
/** The Electron host may import electron, but reaches the engine through its public entry. */
const noEngineInternals = {
  'no-restricted-imports': ['error', { patterns: enginePatterns }],
};
const tests = ['**/*.test.ts', '**/*.test.tsx', '**/test-*.ts', '**/test-support.ts'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'dist/**',
      'coverage/**',
      'test-results/**',
      'playwright-report/**',
      'bench/.data/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: [
      'src/engine/**',
      'src/shared/**',
      'src/host/**',
      'src/renderer/**',
      'bench/**',
      'scripts/**',
    ],
    rules: noElectron,
  },
  {
    files: ['src/host/**', 'src/renderer/**'],
    ignores: tests,
    rules: noElectronNorEngineInternals,
  },
  {
    files: ['src/main/**'],
    ignores: tests,
    rules: noEngineInternals,
  },
  {
    // SQL with owners (decision 0093): these domains query through db/sql.ts's `sql` template,
    // each table written by its own domain's query module. Other domains follow as they convert.
    files: [
      'src/engine/auth/**',
      'src/engine/audit/**',
      'src/engine/reports/**',
      'src/engine/cases/**',
      'src/engine/documents/**',
      'src/engine/takedowns/**',
      'src/engine/review/**',
      'src/engine/exchange/**',
      'src/engine/matches/review-state.ts',
    ],
    ignores: [
      ...tests,
      'src/engine/cases/reference-features.ts',
      'src/engine/cases/video-references.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='prepare']",
          message:
            "Query through the sql template (src/engine/db/sql.ts: get/all/run/runEach), in the query module of the table's own domain.",
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
