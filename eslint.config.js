// @ts-check
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const uiModules = ['preact', 'preact/*', '@preact/*', 'astro', 'astro:*', 'chart.js', 'chart.js/*'];
const heavyModules = ['@tensorflow/*', 'h5wasm', 'h5wasm/*'];

export default defineConfig(
  { ignores: ['dist/**', 'dist-fixture/**', '.astro/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'public/**', 'bench-results/**', 'gpu-check-results/**', '**/*.tmp.*'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The library is framework-free: no UI frameworks, no browser globals reached for implicitly.
    files: ['src/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: uiModules, message: 'src/lib knows nothing of the UI.' }] }],
      'no-restricted-globals': ['error',
        { name: 'window', message: 'src/lib runs in Node and workers: take what you need as a parameter.' },
        { name: 'document', message: 'src/lib runs in Node and workers: take what you need as a parameter.' },
        { name: 'localStorage', message: 'src/lib runs in Node and workers: take a store as a parameter.' },
      ],
    },
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
