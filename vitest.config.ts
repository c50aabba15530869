import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    setupFiles: ['tests/unit/setup/everyTestAsserts.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Training tests are CPU-heavy; running files one at a time keeps a 2-core machine responsive.
    fileParallelism: false,
  },
});
