/**
 * Every unit test asserts something wherever it runs: a test whose body makes no `expect` fails
 * instead of passing silently. (A test that only applies somewhere is skipped there, and says so.)
 */
import { beforeEach, expect } from 'vitest';

beforeEach(() => {
  expect.hasAssertions();
});
