import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGenerated, findClang } from '../../../scripts/buildWasm';

const clang = findClang();

describe('the committed WebAssembly kernels', () => {
  // CI (.ci/run) installs clang and lld, so there the check always runs; elsewhere it needs them.
  it.runIf(Boolean(process.env.CI))('need clang in CI', () => {
    expect(clang, 'apt-get install -y clang lld').not.toBeNull();
  });

  it.skipIf(clang === null)('are exactly what their C sources (convGrad.c, winograd.c) compile to', () => {
    const committed = readFileSync(new URL('../../../src/lib/kernels/wasm/convGradBinary.ts', import.meta.url), 'utf8');
    expect(buildGenerated(clang!), 'rebuild with: npm exec -- tsx scripts/buildWasm.ts').toBe(committed);
  });
});
