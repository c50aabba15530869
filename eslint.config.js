// @ts-check
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const uiModules = ['preact', 'preact/*', '@preact/*', 'astro', 'astro:*', 'chart.js', 'chart.js/*'];
const heavyModules = ['@tensorflow/*', 'h5wasm', 'h5wasm/*'];

/**
 * The library's layers, lowest first (docs/architecture.md). A folder may import its own layer and the
 * layers below, never one above: type-only imports count too, so a lower layer never even names a
 * higher one's types. The root files (errors, random, format, shapes) sit below everything.
 */
const LIB_LAYERS = [
  ['render', 'kernels', 'data', 'volumes'],
  ['losses', 'models', 'augment'],
  ['phantoms'],
  ['train'],
  ['inspect'],
  ['tasks'],
  ['plan'],
  ['engine'],
];
const outsideLib = ['**/components/**', '**/client/**', '**/worker/**', '**/course/**', '**/pages/**', '**/layouts/**', '**/bundled/**'];
/** @param {number} level */
const above = (level) => LIB_LAYERS.slice(level + 1).flat();
/** @type {import('eslint').Linter.Config[]} */
const layerRules = LIB_LAYERS.flatMap((folders, level) => folders.map((folder) => ({
  files: [`src/lib/${folder}/**/*.ts`],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [
        { group: uiModules, message: 'src/lib knows nothing of the UI.' },
        { group: outsideLib, message: 'src/lib never imports the page, the client or the worker.' },
        ...(above(level).length > 0 ? [{
          group: above(level).flatMap((f) => [`**/${f}`, `**/${f}/**`]),
          message: `src/lib/${folder} sits below ${above(level).join(', ')} (see LIB_LAYERS): pass what it needs in as a parameter, or move the code up.`,
        }] : []),
      ],
    }],
  },
})));

export default defineConfig(
  { ignores: ['dist/**', 'dist-fixture/**', '.astro/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'public/**', 'bench-results/**', 'gpu-check-results/**', '**/*.tmp.*'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // No import circles anywhere in the source, type-only imports included.
    files: ['src/**/*.{ts,tsx}', 'scripts/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // One concept per file: a source file past 300 lines wants splitting.
    files: ['src/**/*.{ts,tsx}'],
    rules: { 'max-lines': ['error', { max: 300 }] },
  },
  {
    // The library is framework-free: no UI frameworks, no browser globals reached for implicitly.
    files: ['src/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: uiModules, message: 'src/lib knows nothing of the UI.' }, { group: outsideLib, message: 'src/lib never imports the page, the client or the worker.' }] }],
      'no-restricted-globals': ['error',
        { name: 'window', message: 'src/lib runs in Node and workers: take what you need as a parameter.' },
        { name: 'document', message: 'src/lib runs in Node and workers: take what you need as a parameter.' },
        { name: 'localStorage', message: 'src/lib runs in Node and workers: take a store as a parameter.' },
      ],
    },
  },
  ...layerRules,
  {
    // The course configuration is checked at build time from the library's tables, never from components.
    files: ['src/course/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/components/**', '**/client/**'], message: 'src/course reads the library, not the page.' }] }] },
  },
  {
    // Components talk to training through src/client only; TensorFlow.js, h5wasm and the heavy
    // parts of the library stay behind it (type-only imports are fine: they vanish at build time).
    files: ['src/components/**/*.{ts,tsx}', 'src/pages/**/*.ts', 'src/layouts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: heavyModules, message: 'Components never touch TensorFlow.js or h5wasm: use the client in src/client.' },
          {
            group: ['**/lib/models/*', '**/lib/losses/*', '**/lib/augment/*', '**/lib/kernels/*', '**/lib/kernels',
              '**/lib/phantoms/*', '**/lib/train/*', '**/lib/data/*', '**/lib/engine/*', '**/worker/*', '**/bundled/*'],
            allowTypeImports: true,
            message: 'Components reach training and data through src/client (type imports are allowed).',
          },
        ],
      }],
    },
  },
  {
    // The client and the worker meet only in the neutral protocol (src/lib/engine/protocol.ts):
    // neither imports the other, so a request can be followed without going back and forth.
    files: ['src/client/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/worker/*', '**/worker'], message: 'src/client talks to the worker through src/lib/engine/protocol only.' }] }],
    },
  },
  {
    files: ['src/worker/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/client/*', '**/client'], message: 'The worker is a thin dispatcher over src/lib/engine: it never imports the client.' }] }],
    },
  },
);
