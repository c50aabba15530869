/**
 * `npm run bench`: times one training step (batch 16) of the lesson's skip model with the course's
 * kernels and with PyTorch on the same cores, **alternating the two in blocks within one run** (so
 * a drift in the machine's load hits both), and reports per size the median of the per-block
 * ratios PyTorch / ours with their spread. A block taken on a busy machine (scripts/benchBusy.ts:
 * other processes' load, or PyTorch below its quiet GFLOP/s) is printed as "not a result" and left
 * out of the median. Writes bench-results/bench-<time>.json (`summary[].torchRatio`,
 * `summary[].torchRatioMin/Max`, `summary[].blocks`, `summary[].blockRatios` with each block's verdict, `conditions`).
 * Never fails because the machine is slow; an environment that cannot run is reported and skipped.
 *
 *   npm run bench -- [--sizes 64,128] [--blocks 3] [--steps 5] [--warmup 2]
 *                    [--only chromium-isolated,chromium-plain,node] [--variants ours,direct,xnnpack,stock]
 *                    [--threads N] [--no-torch] [--quick]
 *   npm run bench -- --time-to-dice [...]     lesson 1's default skip-model run in Chromium (scripts/benchTimeToQuality.ts)
 *   npm run bench -- --time-to-quality translation [...]   lesson 2's default run in Chromium, four metrics against the lookup table
 *   npm run bench -- --gpu [--sizes 128,256] …   WebGPU in Node through Dawn (see scripts/benchGpu.ts)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { busyVerdict, createLoadTracker, QUIET_TORCH_MS, quietMedian, type BusyVerdict, type LoadSample } from './benchBusy';
import { stepGflop, type StepBenchConfig, type StepBenchResult } from './benchCore';
import { bundleBenchPage, openChromiumBench, type ChromiumBench } from './benchChromium';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: string) => { const i = args.indexOf(`--${name}`); return i >= 0 && args[i + 1] ? args[i + 1] : fallback; };

if (flag('time-to-dice') || flag('time-to-quality')) {
  await import('./benchTimeToQuality');
  process.exit(0);
}
if (flag('gpu')) {
  await (await import('./benchGpu')).benchGpu(args);
  process.exit(0);
}

const quick = flag('quick');
const blocks = Number(option('blocks', quick ? '2' : '3'));
const config: StepBenchConfig = {
  sizes: option('sizes', quick ? '64' : '64,128').split(',').map(Number),
  batch: Number(option('batch', '16')),
  steps: Number(option('steps', quick ? '3' : '5')),
  warmup: Number(option('warmup', quick ? '1' : '2')),
  variants: option('variants', 'ours').split(','),
};
const environments = option('only', 'chromium-isolated').split(',');
const threadsWanted = args.includes('--threads') ? Number(option('threads', '2')) : undefined;
const withTorch = !flag('no-torch');

interface Row extends StepBenchResult { env: string; block: number }
interface TorchResult { size: number; medianMs: number; medianCpuMs?: number; gflops: number; variant: string; threads: number; block: number }
const rows: Row[] = [];
/** The load average at each block's start and end, with the bench's own part of it. */
const conditions: { block: number; before: LoadSample; after: LoadSample }[] = [];
const torch: TorchResult[] = [];
const problems: string[] = [];
const log = (line: string) => console.log(line);
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

function torchAvailable(): boolean {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) problems.push('torch: /usr/bin/python3 has no torch (apt-get install -y python3-torch)');
  return probe.status === 0;
}

/** One PyTorch block: 2 threads (the comparison is wall time on the same two cores). */
function runTorch(block: number): void {
  log(`block ${block}: PyTorch, 2 threads …`);
  const out = spawnSync('/usr/bin/python3', [join(root, 'scripts/benchTorch.py'), '2', config.sizes.join(','), String(config.batch), String(config.steps), String(config.warmup)],
    { encoding: 'utf8', timeout: 30 * 60_000 });
  const got = out.stdout.split('\n').filter((l) => l.startsWith('RESULT ')).map((l) => ({ ...(JSON.parse(l.slice(7)) as TorchResult), threads: 2, block }));
  if (got.length === 0) problems.push(`torch block ${block}: no result (${out.stderr.trim().split('\n').pop() ?? 'no output'})`);
  for (const t of got) log(`  ${t.size}px torch: ${t.medianMs} ms`);
  torch.push(...got);
}

interface Runner { env: string; threads: number; run(c: StepBenchConfig): Promise<StepBenchResult[]>; close(): Promise<void> }

async function nodeRunner(): Promise<Runner> {
  const tf = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-wasm');
  const { benchTrainingStep } = await import('./benchCore');
  const { prepareWasmConv } = await import('../src/lib/kernels');
  tf.env().set('IS_NODE', true);
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not start in Node');
  // tfjs-wasm's threaded build cannot start in Node, so XNNPACK has one thread; so do our kernels.
  await prepareWasmConv({ threads: 1 });
  const cpuNowMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  return { env: 'node-wasm', threads: 1, run: (c) => benchTrainingStep(c, { threads: 1, cpuNowMs, log }), close: async () => {} };
}

async function chromiumRunner(env: string, pageDir: string): Promise<Runner> {
  const isolated = env === 'chromium-isolated';
  const b: ChromiumBench = await openChromiumBench(pageDir, isolated, isolated ? threadsWanted : undefined, log);
  log(`${env}: isolated=${b.isolated}, threads=${b.threads} (${b.plan})`);
  return { env, threads: b.threads, run: (c) => b.run(c), close: () => b.close() };
}

async function main(): Promise<void> {
  // Started before bundling and Chromium, so that their CPU counts as the bench's own load too.
  const tracker = createLoadTracker({ loadNow: () => os.loadavg()[0] });
  const torchOk = withTorch && torchAvailable();
  const runners: Runner[] = [];
  let pageDir: string | null = null;
  for (const env of environments) {
    try {
      if (env === 'node') runners.push(await nodeRunner());
      else if (env.startsWith('chromium-')) runners.push(await chromiumRunner(env, pageDir ??= await bundleBenchPage(root)));
      else problems.push(`unknown environment '${env}'`);
    } catch (e) { problems.push(`${env}: ${(e as Error).message}`); }
  }
  try {
    for (let block = 1; block <= blocks; block++) {
      const before = tracker.sample();
      // Alternate which side goes first, so a slow start or a slow end of the run hits both alike.
      const ours = async () => {
        for (const r of runners) {
          log(`block ${block}: ${r.env} …`);
          try { for (const res of await r.run(config)) rows.push({ ...res, env: r.env, block }); }
          catch (e) { problems.push(`${r.env} block ${block}: ${(e as Error).message}`); }
        }
      };
      if (block % 2 === 1) { if (torchOk) runTorch(block); await ours(); }
      else { await ours(); if (torchOk) runTorch(block); }
      const after = tracker.sample();
      conditions.push({ block, before, after });
      const byLoad = busyVerdict({ cores: os.cpus().length, loadBefore: before.load, loadAfter: after.load, ownBefore: before.own, ownAfter: after.own, torchGflops: null, quietTorchGflops: null });
      log(`block ${block}: load average ${before.load.toFixed(2)} → ${after.load.toFixed(2)} (the bench's own ≈ ${before.own.toFixed(2)} → ${after.own.toFixed(2)}${after.ownKnown ? '' : ', unknown: judged on the raw figure'})${byLoad.busy ? `: busy (${byLoad.reasons.join('; ')})` : ''}`);
    }
  } finally {
    for (const r of runners) await r.close().catch(() => undefined);
  }
  report();
}

function report(): void {
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  console.log(`\nOne training step, skip model (190,771 params), batch ${config.batch}; ${blocks} blocks, each: median of ${config.steps} steps after ${config.warmup} warm-up.`);
  console.log(`Machine: ${os.cpus().length} logical cores (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}. Each block is judged below: a ratio from a busy block is not a result.`);
  console.log(`${'environment'.padEnd(20)}${pad('size', 6)}${pad('variant', 9)}${pad('threads', 8)}${pad('block ms (median of steps)', 30)}${pad('GFLOP/s', 9)}`);
  const envs = [...new Set(rows.map((r) => r.env))];
  for (const size of config.sizes) {
    const t = torch.filter((x) => x.size === size);
    if (t.length) console.log(`${'pytorch-cpu'.padEnd(20)}${pad(size, 6)}${pad('torch', 9)}${pad(2, 8)}${pad(t.map((x) => x.medianMs.toFixed(0)).join(' '), 30)}${pad((stepGflop(size, config.batch) / median(t.map((x) => x.medianMs)) * 1000).toFixed(1), 9)}`);
    for (const env of envs) for (const v of config.variants) {
      const rs = rows.filter((r) => r.env === env && r.size === size && r.variant === v);
      if (rs.length) console.log(`${env.padEnd(20)}${pad(size, 6)}${pad(v, 9)}${pad(rs[0].threads, 8)}${pad(rs.map((r) => r.medianMs.toFixed(0)).join(' '), 30)}${pad((stepGflop(size, config.batch) / median(rs.map((r) => r.medianMs)) * 1000).toFixed(1), 9)}`);
    }
  }
  // Per size and environment: the ratio PyTorch / ours within each block, each judged busy or not, then the median of the quiet ones.
  const quietGflops = (size: number) => (config.batch === 16 && QUIET_TORCH_MS[size] ? stepGflop(size, config.batch) / QUIET_TORCH_MS[size] * 1000 : null);
  const verdictOf = (size: number, block: number): BusyVerdict => {
    const c = conditions.find((x) => x.block === block);
    const t = torch.find((x) => x.size === size && x.block === block);
    if (!c) return { busy: true, reasons: ['no load figures'] };
    return busyVerdict({
      cores: os.cpus().length, loadBefore: c.before.load, loadAfter: c.after.load, ownBefore: c.before.own, ownAfter: c.after.own,
      torchGflops: t ? stepGflop(size, config.batch) / t.medianMs * 1000 : null, quietTorchGflops: quietGflops(size),
    });
  };
  const ratiosOf = (env: string, size: number, variant: string) => {
    const out: { block: number; ratio: number; busy: boolean; reasons: string[] }[] = [];
    for (let b = 1; b <= blocks; b++) {
      const t = torch.find((x) => x.size === size && x.block === b);
      const o = rows.find((r) => r.env === env && r.size === size && r.variant === variant && r.block === b);
      if (t && o) out.push({ block: b, ratio: t.medianMs / o.medianMs, ...verdictOf(size, b) });
    }
    return out;
  };
  const main = envs.includes('chromium-isolated') ? 'chromium-isolated' : envs[0];
  const round = (v: number) => Number(v.toFixed(2));
  const summary = config.sizes.map((size) => {
    const byEnv = envs.map((env) => {
      const ours = rows.filter((r) => r.env === env && r.size === size && r.variant === 'ours');
      const ratios = ratiosOf(env, size, 'ours');
      const kept = quietMedian(ratios);
      const others = Object.fromEntries(config.variants.filter((v) => v !== 'ours').map((v) => {
        // Speed-up of ours over variant v within each block.
        const per = [...Array(blocks).keys()].map((i) => {
          const a = rows.find((r) => r.env === env && r.size === size && r.variant === v && r.block === i + 1);
          const o = ours.find((r) => r.block === i + 1);
          return a && o ? a.medianMs / o.medianMs : NaN;
        }).filter(Number.isFinite);
        return [v, per.length ? round(median(per)) : null];
      }));
      return {
        env, threads: ours[0]?.threads ?? null,
        oursMs: ours.length ? Math.round(median(ours.map((r) => r.medianMs))) : null,
        // Busy blocks are not results: the median and range are of the quiet ones only.
        torchRatio: kept.median === null ? null : round(kept.median),
        torchRatioMin: kept.min === null ? null : round(kept.min),
        torchRatioMax: kept.max === null ? null : round(kept.max),
        quietBlocks: kept.used, busyBlocks: kept.leftOut,
        blockRatios: ratios.map((r) => ({ ...r, ratio: round(r.ratio) })),
        speedupOver: others,
      };
    });
    const m = byEnv.find((e) => e.env === main);
    const t = torch.filter((x) => x.size === size);
    return {
      size, env: main ?? null, threads: m?.threads ?? null, oursMs: m?.oursMs ?? null,
      torchMs: t.length ? Math.round(median(t.map((x) => x.medianMs))) : null,
      torchRatio: m?.torchRatio ?? null, torchRatioMin: m?.torchRatioMin ?? null, torchRatioMax: m?.torchRatioMax ?? null,
      blocks: m?.quietBlocks ?? 0, busyBlocks: m?.busyBlocks ?? 0, blockRatios: m?.blockRatios ?? [], byEnv, gflopPerStep: round(stepGflop(size, config.batch)),
    };
  });
  for (const p of problems) console.log(`note: ${p}`);
  const dir = join(root, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({
    date: new Date().toISOString(), config: { ...config, blocks, environments }, machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, loadavg: os.loadavg() },
    summary, rows, torch, conditions, problems,
  }, null, 2));
  console.log('');
  for (const s of summary) {
    for (const b of s.blockRatios) console.log(`${s.size}px block ${b.block}: ${b.busy ? `${b.ratio}× is not a result (busy: ${b.reasons.join('; ')})` : `ours / PyTorch = ${b.ratio}×`}`);
    const left = s.busyBlocks > 0 ? `; ${s.busyBlocks} busy ${s.busyBlocks === 1 ? 'block' : 'blocks'} left out` : '';
    console.log(s.torchRatio === null
      ? `${s.size}px: ours / PyTorch: no result (${s.blockRatios.length === 0 ? 'no block timed both' : `no block on a quiet machine${left}`}; ${s.env ?? 'no run'})`
      : `${s.size}px: ours / PyTorch = ${s.torchRatio}× (median of ${s.blocks} quiet block ratios, range ${s.torchRatioMin}–${s.torchRatioMax}${left}; ${s.env ?? 'no run'}, ${s.threads ?? '?'} threads; ours ${s.oursMs ?? '–'} ms, PyTorch ${s.torchMs ?? '–'} ms)`);
    for (const e of s.byEnv) for (const [v, x] of Object.entries(e.speedupOver)) console.log(`  ${e.env}: ours is ${x ?? '–'}× as fast as '${v}' (median over blocks)`);
  }
  console.log('Ratio = PyTorch step time / our step time: above 1 means faster than PyTorch. A block is busy when other processes\' load reached half the cores at its start or end, or PyTorch ran below 80 % of its quiet GFLOP/s (scripts/benchBusy.ts): PyTorch\'s threads collapse under contention far more than ours, so such ratios flatter us. The speed-ups between our variants (interleaved step by step) hold either way.');
  console.log(`wrote ${file}`);
}

await main();
process.exit(0);
