import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { courseTasksPlugin } from './src/course/courseTasksPlugin.ts';

export default defineConfig({
  // The page's shared module imports virtual:course-tasks; in unit tests it registers nothing (tests register their own tasks).
  plugins: [courseTasksPlugin(fileURLToPath(new URL('.', import.meta.url)), [])],
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
