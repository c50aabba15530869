/**
 * `npm run bench`: times one training step (batch 16) of the lesson's skip model in Node (wasm)
 * and in Chromium (wasm, cross-origin isolated and not), stock kernels vs the course's, interleaved,
 * and optionally PyTorch on the same cores. Prints a table, writes bench-results/bench-<time>.json.
 * Never fails because the machine is slow; an environment that cannot run is reported and skipped.
 *
 *   npm run bench -- [--sizes 64,128] [--steps 5] [--warmup 2] [--only node,chromium-plain,chromium-isolated]
 *                    [--threads N] [--torch] [--quick]
 *   npm run bench -- --gpu [--sizes 128,256] …   WebGPU in Node through Dawn (see scripts/benchGpu.ts)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stepGflop, type StepBenchConfig, type StepBenchResult } from './benchCore';
import { bundleBenchPage, runInChromium } from './benchChromium';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: string) => { const i = args.indexOf(`--${name}`); return i >= 0 && args[i + 1] ? args[i + 1] : fallback; };

const quick = flag('quick');
const config: StepBenchConfig = {
  sizes: option('sizes', quick ? '64' : '64,128').split(',').map(Number),
  batch: Number(option('batch', '16')),
  steps: Number(option('steps', quick ? '3' : '5')),
  warmup: Number(option('warmup', quick ? '1' : '2')),
  variants: ['stock', 'ours'],
};
const environments = option('only', 'node,chromium-plain,chromium-isolated').split(',');
const threadsWanted = args.includes('--threads') ? Number(option('threads', '2')) : undefined;

interface Row extends StepBenchResult { env: string }
interface TorchResult { size: number; medianMs: number; medianCpuMs?: number; gflops: number; variant: string; threads: number }
const rows: Row[] = [];
const problems: string[] = [];
const log = (line: string) => console.log(line);

function runTorch(): TorchResult[] {
  const python = '/usr/bin/python3';
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) { problems.push('torch: /usr/bin/python3 has no torch (apt-get install -y python3-torch)'); return []; }
  const results: TorchResult[] = [];
  // 2 threads: the wall-time reference; 1 thread: CPU time per step to set beside Node's single thread.
  for (const threads of [2, 1]) {
    log(`PyTorch reference (${threads} thread${threads > 1 ? 's' : ''}) …`);
    const out = spawnSync(python, [join(root, 'scripts/benchTorch.py'), String(threads), config.sizes.join(','), String(config.batch)], { encoding: 'utf8', timeout: 30 * 60_000 });
    const got = out.stdout.split('\n').filter((l) => l.startsWith('RESULT ')).map((l) => ({ ...(JSON.parse(l.slice(7)) as TorchResult), threads }));
    if (got.length === 0) problems.push(`torch ${threads}t: no result (${out.stderr.trim().split('\n').pop() ?? 'no output'})`);
    results.push(...got);
  }
  return results;
}

async function runNode(): Promise<void> {
  const tf = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-wasm');
  const { benchTrainingStep } = await import('./benchCore');
  tf.env().set('IS_NODE', true);
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not start in Node');
  log('Node, wasm, 1 thread …');
  const cpuNowMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  for (const r of await benchTrainingStep(config, { threads: 1, cpuNowMs, log })) rows.push({ ...r, env: 'node-wasm' });
}

async function main(): Promise<void> {
  if (flag('gpu')) {
    await (await import('./benchGpu')).benchGpu(args);
    return;
  }
  const torch = flag('torch') ? runTorch() : [];
  if (environments.includes('node')) {
    try { await runNode(); } catch (e) { problems.push(`node: ${(e as Error).message}`); }
  }
  const browserEnvs = environments.filter((e) => e.startsWith('chromium-'));
  if (browserEnvs.length > 0) {
    try {
      const pageDir = await bundleBenchPage(root);
      for (const env of browserEnvs) {
        const isolated = env === 'chromium-isolated';
        log(`Chromium, ${isolated ? 'cross-origin isolated' : 'not isolated'} …`);
        try {
          const out = await runInChromium(pageDir, root, { ...config, threads: isolated ? threadsWanted : undefined }, isolated, log);
          log(`  isolated=${out.isolated}, threads=${out.threads} (${out.plan})`);
          for (const r of out.results) rows.push({ ...r, env });
        } catch (e) { problems.push(`${env}: ${(e as Error).message}`); }
      }
    } catch (e) { problems.push(`chromium: ${(e as Error).message}`); }
  }
  report(torch);
}

function report(torch: TorchResult[]): void {
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  console.log(`\nOne training step, skip model (190,771 params), batch ${config.batch}, median of ${config.steps} after ${config.warmup} warm-up, variants interleaved.`);
  console.log(`Machine: ${os.cpus().length} logical cores (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}. Shared machines are noisy.`);
  console.log(`${'environment'.padEnd(20)}${pad('size', 6)}${pad('variant', 8)}${pad('threads', 8)}${pad('median ms', 11)}${pad('cpu ms', 8)}${pad('GFLOP/s', 9)}${pad('speed-up', 10)}${pad('× torch', 9)}`);
  for (const t of torch) console.log(`${'pytorch-cpu'.padEnd(20)}${pad(t.size, 6)}${pad('torch', 8)}${pad(t.threads, 8)}${pad(t.medianMs, 11)}${pad(t.medianCpuMs ?? '', 8)}${pad(t.gflops, 9)}`);
  for (const r of rows) {
    const stock = rows.find((s) => s.env === r.env && s.size === r.size && s.variant === 'stock');
    const t = torch.find((x) => x.size === r.size && x.threads === 2);
    console.log(`${r.env.padEnd(20)}${pad(r.size, 6)}${pad(r.variant, 8)}${pad(r.threads, 8)}${pad(r.medianMs, 11)}${pad(r.medianCpuMs ?? '', 8)}${pad(r.gflops, 9)}${pad(stock ? (stock.medianMs / r.medianMs).toFixed(2) + '×' : '', 10)}${pad(t ? (t.medianMs / r.medianMs).toFixed(2) : '', 9)}`);
  }
  // Per size: the best environment with our kernels, against stock in that environment and against torch.
  const summary = config.sizes.map((size) => {
    const ours = rows.filter((r) => r.size === size && r.variant === 'ours').sort((a, b) => a.medianMs - b.medianMs)[0];
    const stock = ours && rows.find((r) => r.env === ours.env && r.size === size && r.variant === 'stock');
    const t = torch.find((x) => x.size === size && x.threads === 2);
    const t1 = torch.find((x) => x.size === size && x.threads === 1);
    const node = rows.find((r) => r.env === 'node-wasm' && r.size === size && r.variant === 'ours');
    return {
      size, bestEnv: ours?.env ?? null, oursMs: ours?.medianMs ?? null, stockMs: stock?.medianMs ?? null,
      speedup: ours && stock ? Number((stock.medianMs / ours.medianMs).toFixed(2)) : null,
      torchMs: t?.medianMs ?? null, torchRatio: ours && t ? Number((t.medianMs / ours.medianMs).toFixed(2)) : null,
      // Single thread each, CPU time per step: steadier than wall time when the machine is shared.
      torchCpuRatio: t1?.medianCpuMs && node?.medianCpuMs ? Number((t1.medianCpuMs / node.medianCpuMs).toFixed(2)) : null,
      gflopPerStep: Number(stepGflop(size, config.batch).toFixed(2)),
    };
  });
  for (const p of problems) console.log(`note: ${p}`);
  const dir = join(root, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({
    date: new Date().toISOString(), config, machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, loadavg: os.loadavg() },
    summary, rows, torch, problems,
  }, null, 2));
  console.log(`\nsummary: ${summary.map((s) => `${s.size}px speed-up ${s.speedup ?? '–'}×, torch ratio ${s.torchRatio ?? '–'} (${s.bestEnv ?? 'no run'}), 1-thread CPU-time ratio ${s.torchCpuRatio ?? '–'}`).join('; ')}`);
  console.log('× torch = PyTorch (2 threads) step time / ours: above 1 means faster than PyTorch.');
  console.log(`wrote ${file}`);
}

await main();
process.exit(0);
