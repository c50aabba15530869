/**
 * Builds the course's WebAssembly kernels from src/lib/kernels/wasm/convGrad.c and winograd.c (one
 * module) with clang + lld
 * (Debian: `apt-get install -y clang lld llvm`) and writes them, base64-encoded, into
 * src/lib/kernels/wasm/convGradBinary.ts (generated; committed so that the site builds without clang).
 *
 *   npm exec -- tsx scripts/buildWasm.ts           rebuild and rewrite the generated file
 *   npm exec -- tsx scripts/buildWasm.ts --check   rebuild and fail unless it equals the committed file
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sources = ['convGrad.c', 'winograd.c'].map((name) => join(root, 'src/lib/kernels/wasm', name));
const target = join(root, 'src/lib/kernels/wasm/convGradBinary.ts');

const common = ['--target=wasm32', '-O3', '-msimd128', '-nostdlib', '-ffreestanding', '-Wall', '-Wextra', '-Werror',
  '-Wl,--no-entry', '-Wl,--import-memory', '-Wl,-z,stack-size=0', '-Wl,--strip-all'];
const SHARED = ['-matomics', '-mbulk-memory', '-Wl,--shared-memory', '-Wl,--max-memory=4294967296'];
const RELAXED = ['-mrelaxed-simd', '-DRELAXED'];
/**
 * plain: imports an ordinary memory (one thread); shared: imports a shared memory (worker threads);
 * *Relaxed: the same with relaxed-SIMD fused multiply-add (engines without it use the others).
 */
const VARIANTS: Record<string, string[]> = {
  plain: [],
  shared: SHARED,
  plainRelaxed: RELAXED,
  sharedRelaxed: [...SHARED, ...RELAXED],
};

/** The file offset of the code section's payload (the offsets llvm-objdump prints are relative to it). */
function codeSectionStart(bytes: Uint8Array): number {
  let p = 8;
  while (p < bytes.length) {
    const id = bytes[p++];
    let size = 0, shift = 0, b: number;
    do { b = bytes[p++]; size |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
    if (id === 10) return p;
    p += size;
  }
  throw new Error('no code section');
}

/**
 * Rewrites clang 14's prototype relaxed fused multiply-add (fd af 01) to the standard
 * f32x4.relaxed_madd (fd 85 02): same length, so no offsets move. Only instructions the
 * disassembler names f32x4.fma are touched, and there must be some.
 */
function patchRelaxedMadd(file: string): void {
  const dis = spawnSync(findTool('llvm-objdump'), ['-d', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (dis.status !== 0) throw new Error(`llvm-objdump failed: ${dis.stderr}`);
  const offsets = dis.stdout.split('\n').filter((l) => /\bf32x4\.fma\b/.test(l)).map((l) => parseInt(l.trim().split(':')[0], 16));
  if (offsets.length === 0) throw new Error('no f32x4.fma instruction found to rewrite');
  const bytes = readFileSync(file);
  const base = codeSectionStart(bytes);
  for (const o of offsets) {
    const at = base + o;
    if (bytes[at] !== 0xfd || bytes[at + 1] !== 0xaf || bytes[at + 2] !== 0x01) throw new Error(`unexpected bytes at code offset ${o.toString(16)}`);
    bytes[at + 1] = 0x85; bytes[at + 2] = 0x02;
  }
  writeFileSync(file, bytes);
}

/**
 * The kernels share one memory between threads and keep their data from byte 0 up, so no function may
 * use the shadow stack (a local array the compiler cannot keep in registers would put one at address 0).
 */
function assertNoStack(file: string): void {
  const dis = spawnSync(findTool('llvm-objdump'), ['-d', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (dis.status !== 0) throw new Error(`llvm-objdump failed: ${dis.stderr}`);
  if (/\bglobal\.(get|set)\b/.test(dis.stdout)) throw new Error(`${file} uses the shadow stack (global.get/set): keep the kernels' locals in registers`);
}

function findTool(name: string): string {
  for (const n of [name, `${name}-14`, `${name}-15`, `${name}-16`]) if (spawnSync(n, ['--version']).status === 0) return n;
  throw new Error(`${name} not found: apt-get install -y llvm`);
}

export function findClang(): string | null {
  for (const name of ['clang', 'clang-14', 'clang-15', 'clang-16']) {
    const probe = spawnSync(name, ['--version'], { encoding: 'utf8' });
    if (probe.status === 0) return name;
  }
  return null;
}

/** Compiles every variant and returns the generated TypeScript module's text. */
export function buildGenerated(clang: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'course-wasm-'));
  try {
    const lines: string[] = [];
    for (const [name, flags] of Object.entries(VARIANTS)) {
      const out = join(dir, `${name}.wasm`);
      const run = spawnSync(clang, [...common, ...flags, '-o', out, ...sources], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`clang failed for variant '${name}':\n${run.stderr}`);
      assertNoStack(out);
      if (flags.includes('-DRELAXED')) patchRelaxedMadd(out);
      lines.push(`  ${name}: '${readFileSync(out).toString('base64')}',`);
    }
    return [
      '// Generated by scripts/buildWasm.ts from convGrad.c and winograd.c — do not edit; rebuild with',
      '// `npm exec -- tsx scripts/buildWasm.ts` (needs clang and lld). CI checks it matches the source.',
      '/** The compiled kernels, base64: `plain` imports an ordinary memory, `shared` a shared one; `…Relaxed` use relaxed-SIMD multiply-add. */',
      'export const CONV_GRAD_WASM = {',
      ...lines,
      '} as const;',
      '',
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const clang = findClang();
  if (clang === null) {
    console.error('clang not found: apt-get install -y clang lld');
    process.exit(2);
  }
  const text = buildGenerated(clang);
  if (process.argv.includes('--check')) {
    const committed = readFileSync(target, 'utf8');
    if (committed !== text) {
      console.error(`${target} does not match a fresh build of the kernels' C sources; run: npm exec -- tsx scripts/buildWasm.ts`);
      process.exit(1);
    }
    console.log('wasm kernels: committed binary matches the source');
  } else {
    writeFileSync(target, text);
    console.log(`wrote ${target}`);
  }
}
