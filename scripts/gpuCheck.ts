/**
 * `npm run gpu-check`: trains the same tiny runs of both lesson tasks on wasm, WebGL and WebGPU in
 * headless Chromium (the browser test's comparison, tests/gpu/), prints a table and writes
 * gpu-check-results/gpu-check-<time>.json. A check, not a benchmark: it reports, and fails only
 * when it could not run at all (no Chromium, page broken) — never because a backend is slow or absent.
 *
 *   npm run gpu-check -- [--backends wasm,webgl,webgpu] [--size 16] [--epochs 2] [--no-kernel-checks]
 *
 * On a machine with a real GPU, run it with a headed or GPU-enabled Chromium (CHROMIUM_PATH, and
 * GPU_CHECK_ARGS to replace the SwiftShader flags, space-separated) to see the real adapter.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareBackends, LOSS_TOLERANCE, PREDICTION_TOLERANCE, KERNEL_TOLERANCE, TINY_COMPARE, type CompareConfig } from '../tests/gpu/compareRuns';
import { runComparison } from './gpuCheckHarness';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => { const i = args.indexOf(`--${name}`); return i >= 0 && args[i + 1] ? args[i + 1] : fallback; };

const config: CompareConfig = {
  ...TINY_COMPARE,
  backends: option('backends', TINY_COMPARE.backends.join(',')).split(','),
  size: Number(option('size', String(TINY_COMPARE.size))),
  epochs: Number(option('epochs', String(TINY_COMPARE.epochs))),
  kernelChecks: !args.includes('--no-kernel-checks'),
};

const fmt = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined || Number.isNaN(x) ? '—' : !Number.isFinite(x) ? '∞' : Math.abs(x) < 1e-3 && x !== 0 ? x.toExponential(1) : x.toFixed(digits);

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`gpu-check: ${config.backends.join(', ')} at ${config.size}×${config.size}, ${config.trainCount} slices, batch ${config.batchSize}, ${config.epochs} epochs, seed ${config.seed} …`);
  const rows = await runComparison(root, config, (line) => console.log(line));
  const reference = rows[0];
  const record = rows.map((row) => {
    const comparison = row === reference || !row.ran || !reference.ran ? null : compareBackends(row, reference);
    const stepTimes = row.tasks.map((t) => t.medianStepMs).filter(Number.isFinite);
    return {
      backend: row.backend,
      ran: row.ran,
      error: row.error,
      device: row.device,
      fallbackAdapter: row.fallbackAdapter,
      gpuErrors: row.gpuErrors,
      smokeTestRelativeError: row.smokeTestError,
      lossesPerEpoch: Object.fromEntries(row.tasks.map((t) => [t.task, { train: t.trainLosses, val: t.valLosses, metric: t.valMetrics }])),
      medianStepMs: Object.fromEntries(row.tasks.map((t) => [t.task, Math.round(t.medianStepMs)])),
      medianStepMsOverall: stepTimes.length > 0 ? Math.round(stepTimes.sort((a, b) => a - b)[Math.floor(stepTimes.length / 2)]) : null,
      maxLossRelDiffToReference: comparison?.maxLossRelDiff ?? null,
      maxPredictionAbsDiffToReference: comparison?.maxPredictionAbsDiff ?? null,
      maxKernelRelDiffToReference: comparison?.maxKernelRelDiff ?? null,
      predictionsFinite: row.tasks.length > 0 && row.tasks.every((t) => t.predictions.every(Number.isFinite)),
      withinTolerance: comparison === null ? null
        : comparison.maxLossRelDiff <= LOSS_TOLERANCE && comparison.maxPredictionAbsDiff <= PREDICTION_TOLERANCE
          && comparison.maxKernelRelDiff <= KERNEL_TOLERANCE && comparison.finite,
      kernelChecks: comparison?.kernelChecks ?? null,
    };
  });

  console.log('');
  console.log(`reference: ${reference.backend}; tolerances: loss ${LOSS_TOLERANCE} (relative), prediction ${PREDICTION_TOLERANCE} (absolute), op checks ${KERNEL_TOLERANCE} (relative)`);
  const header = ['backend', 'ran', 'device', 'loss Δ (rel)', 'pred Δ (abs)', 'ops Δ (rel)', 'ok', 'median step (ms)'];
  const lines = record.map((r) => [
    r.backend, r.ran ? 'yes' : 'no', (r.device ?? '—').slice(0, 48) + (r.fallbackAdapter ? ' (fallback)' : ''),
    fmt(r.maxLossRelDiffToReference), fmt(r.maxPredictionAbsDiffToReference), fmt(r.maxKernelRelDiffToReference),
    r.withinTolerance === null ? (r.ran ? 'ref' : '—') : r.withinTolerance ? 'yes' : 'NO', fmt(r.medianStepMsOverall, 0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  for (const l of [header, ...lines]) console.log(l.map((c, i) => c.padEnd(widths[i])).join('  '));
  for (const r of record) if (r.error) console.log(`${r.backend}: ${r.error}`);
  for (const r of record) for (const e of r.gpuErrors) console.log(`${r.backend} GPU error: ${e}`);
  for (const r of record) for (const k of r.kernelChecks ?? []) if (k.error || k.relativeError > KERNEL_TOLERANCE) console.log(`${r.backend}: ${k.name}: ${k.error ?? fmt(k.relativeError)}`);

  const outDir = join(root, 'gpu-check-results');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `gpu-check-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({
    when: new Date().toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    config,
    tolerances: { loss: LOSS_TOLERANCE, prediction: PREDICTION_TOLERANCE, kernel: KERNEL_TOLERANCE },
    note: 'Step times include the per-step data preparation; the first step (shader compilation) is excluded. Software adapters (SwiftShader) are for correctness only.',
    backends: record,
  }, null, 1));
  console.log(`\nwrote ${file} (${Math.round((Date.now() - started) / 1000)} s)`);
}

main().catch((error: unknown) => {
  console.error(`gpu-check could not run: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
