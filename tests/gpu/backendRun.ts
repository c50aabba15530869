/**
 * Browser side of the backend comparison (tests/e2e/backends.spec.ts, `npm run gpu-check`): trains
 * the same tiny runs (both lesson tasks, fixed seed, same initial weights) on each backend in turn
 * and reports losses, predictions and step times as plain data. Bundled by scripts/gpuCheckHarness.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { detectHardware } from '../../src/client/hardware';
import type { SplitArrays } from '../../src/lib/data/types';
import { setupBackend } from '../../src/lib/train/backend';
import type { BackendName } from '../../src/lib/train/backendChoice';
import { buildRunModel } from '../../src/lib/train/buildRunModel';
import { fit } from '../../src/lib/train/fit';
import { createRunConfig, taskDescriptor } from '../../src/lib/tasks';
import type { FitDataset, ModelKind, RunConfig } from '../../src/lib/train/types';
import type { BackendRunResult, CompareConfig, TaskRunResult } from './compareRuns';
import { runKernelChecks } from './kernelChecks';

/** A bright disc (or ring) on a dim textured background; y is its mask (segmentation) or a smoothed inverse (translation). */
function syntheticSplit(count: number, size: number, offset: number, task: RunConfig['task']): SplitArrays {
  const x = new Float32Array(count * size * size);
  const y = new Float32Array(count * size * size);
  for (let s = 0; s < count; s++) {
    const cy = size * (0.35 + 0.3 * (((s + offset) * 7) % 5) / 4);
    const cx = size * (0.35 + 0.3 * (((s + offset) * 3) % 5) / 4);
    const r = size * (0.15 + 0.05 * ((s + offset) % 3));
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        const k = s * size * size + i * size + j;
        const d = Math.hypot(i - cy, j - cx);
        const inside = d <= r;
        x[k] = (inside ? 0.75 : 0.15) + 0.08 * Math.sin(0.9 * i + 1.7 * j + s);
        y[k] = task === 'segmentation' ? (inside ? 1 : 0) : 1 - x[k] * (0.5 + 0.5 * Math.exp(-d / r));
      }
    }
  }
  return { x, y, count };
}

function datasetFor(config: CompareConfig, task: RunConfig['task']): FitDataset {
  const { size, trainCount, valCount } = config;
  return { height: size, width: size, train: syntheticSplit(trainCount, size, 0, task), val: syntheticSplit(valCount, size, 11, task) };
}

/** The run config of one task: the lesson's optimiser, the chosen model, augmentation on for translation (the warp). */
function runConfigFor(config: CompareConfig, task: RunConfig['task'], model: ModelKind): RunConfig {
  return createRunConfig(task, {
    model,
    epochs: config.epochs,
    batchSize: config.batchSize,
    seed: config.seed,
    height: config.size,
    width: config.size,
    displaySlices: [],
    validateEachEpoch: true,
    // Translation trains on augmented batches (rotation, shear, zoom, flip: tf.image.transform on
    // each backend); segmentation without, so a warp difference shows up on one task only.
    augment:
      task === 'translation'
        ? { rotationRange: 10, shearRange: 5, widthShiftRange: 0.1, heightShiftRange: 0.1, zoomRange: [0.9, 1.1], horizontalFlip: true, verticalFlip: false, fillMode: 'nearest', cval: 0 }
        : null,
  });
}

/**
 * Runs `body` with the GPU backends' CPU forwarding off: by default they run ops on small tensors
 * that still live on the CPU with the cpu backend's kernels, which would leave tiny checks untested.
 */
async function withoutCpuForwarding<T>(body: () => Promise<T>): Promise<T> {
  const restore: (() => void)[] = [];
  for (const flag of ['WEBGL_CPU_FORWARD', 'WEBGPU_CPU_FORWARD']) {
    try {
      const before = tf.env().getBool(flag);
      tf.env().set(flag, false);
      restore.push(() => tf.env().set(flag, before));
    } catch {
      // The flag belongs to a backend package that is not loaded: nothing to turn off.
    }
  }
  try {
    return await body();
  } finally {
    restore.forEach((undo) => undo());
  }
}

/** Collects WebGPU validation and out-of-memory errors that no call reports (they would otherwise only reach the console). */
function watchWebgpuErrors(into: string[]): void {
  type Device = { addEventListener(type: 'uncapturederror', listener: (event: { error: { message: string } }) => void): void };
  const device = (tf.backend() as unknown as { device?: Device }).device;
  device?.addEventListener('uncapturederror', (event) => {
    if (into.length < 20) into.push(event.error.message.split('\n')[0]);
  });
}

const median = (xs: number[]) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

async function trainOne(
  config: CompareConfig,
  task: RunConfig['task'],
  model: ModelKind,
  initialWeights: Map<string, Float32Array[]>,
): Promise<TaskRunResult> {
  const runConfig = runConfigFor(config, task, model);
  const dataset = datasetFor(config, task);
  const net = buildRunModel(runConfig, taskDescriptor(runConfig.task));
  try {
    const key = `${task}:${model}`;
    const saved = initialWeights.get(key);
    if (saved === undefined) {
      initialWeights.set(key, net.getWeights().map((w) => w.dataSync() as Float32Array));
    } else {
      // The same starting point on every backend: the first backend's initial weights.
      const tensors = net.getWeights().map((w, i) => tf.tensor(saved[i], w.shape, 'float32'));
      net.setWeights(tensors);
      tf.dispose(tensors);
    }
    const batchLosses: number[] = [];
    const stepMs: number[] = [];
    let last = performance.now();
    const result = await fit({
      task: taskDescriptor(runConfig.task), model: net,
      dataset,
      config: runConfig,
      onEvent: (event) => {
        if (event.type === 'run-start' || event.type === 'epoch-end') last = performance.now();
        if (event.type === 'batch-end') {
          const now = performance.now();
          batchLosses.push(event.loss);
          // The first step of a run compiles shaders; it is not a step time.
          if (!(event.epoch === 0 && event.batch === 0)) stepMs.push(now - last);
          last = now;
        }
      },
    });
    const valX = tf.tensor4d(dataset.val.x, [dataset.val.count, config.size, config.size, 1]);
    const predicted = net.predict(valX) as tf.Tensor;
    const predictions = Array.from(await predicted.data());
    tf.dispose([valX, predicted]);
    return {
      task,
      model,
      loss: runConfig.loss ?? (task === 'segmentation' ? 'dice' : 'mae'),
      trainLosses: result.history.map((h) => h.trainLoss),
      valLosses: result.history.map((h) => h.valLoss),
      valMetrics: result.history.map((h) => h.valMetric),
      batchLosses,
      predictions,
      medianStepMs: median(stepMs),
      durationMs: result.durationMs,
    };
  } finally {
    net.dispose();
  }
}

/** Trains every task on every backend named in `config` (in order; the first is the reference). Never throws. */
export async function runBackends(config: CompareConfig, wasmPaths: string, log: (line: string) => void): Promise<BackendRunResult[]> {
  const hardware = await detectHardware();
  const caps = hardware.capabilities;
  const initialWeights = new Map<string, Float32Array[]>();
  const results: BackendRunResult[] = [];
  for (const backend of config.backends) {
    const described =
      backend === 'webgpu' ? caps.webgpuAdapterName ?? null : backend === 'webgl' ? caps.webglRenderer : backend === 'wasm' ? 'WebAssembly (CPU)' : 'JavaScript (CPU)';
    const row: BackendRunResult = {
      backend, ran: false, device: described, fallbackAdapter: backend === 'webgpu' ? caps.webgpuFallbackAdapter ?? null : null,
      error: null, setupMs: 0, smokeTestError: null, gpuErrors: [], kernelChecks: [], tasks: [],
    };
    results.push(row);
    const start = performance.now();
    try {
      const report = await setupBackend({ preferred: backend as BackendName, capabilities: hardware.capabilities, wasmPaths, onLog: log });
      row.setupMs = Math.round(performance.now() - start);
      row.smokeTestError = report.smokeTests.find((s) => s.backend === backend)?.maxRelativeError ?? null;
      if (report.backend !== backend) {
        row.error = `Asked for ${backend}, got ${report.backend}: ${report.reason}`;
        continue;
      }
      if (backend === 'webgpu') watchWebgpuErrors(row.gpuErrors);
      if (config.kernelChecks) row.kernelChecks = await withoutCpuForwarding(runKernelChecks);
      for (const task of config.tasks) {
        log(`${backend}: training ${task.task} (${task.model}) …`);
        row.tasks.push(await trainOne(config, task.task, task.model, initialWeights));
      }
      row.ran = true;
    } catch (error) {
      row.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      log(`${backend}: ${row.error}`);
    }
  }
  return results;
}

/** What happened when the device was taken away during a run, and whether wasm could continue it. */
export interface FaultResult {
  backend: string;
  how: string;
  errorName: string | null;
  message: string | null;
  hint: string | null;
  /** Epochs the lost run completed, as its error says. */
  epochsCompleted: number | null;
  /** Epochs in the checkpoint it left. */
  checkpointEpochs: number | null;
  /** The run continued on wasm from that checkpoint: its history's length and last losses. */
  continued: { backend: string; epochs: number; trainLosses: number[] } | null;
  problem: string | null;
}

/** Loses the device after the first epoch (WEBGL_lose_context or GPUDevice.destroy()), then continues on wasm from the checkpoint. */
export async function runFault(config: CompareConfig, backend: 'webgl' | 'webgpu', wasmPaths: string, log: (line: string) => void): Promise<FaultResult> {
  const { createMemoryCheckpointStore } = await import('../../src/lib/train/checkpointStores');
  const hardware = await detectHardware();
  const how = backend === 'webgl' ? 'WEBGL_lose_context.loseContext()' : 'GPUDevice.destroy()';
  const result: FaultResult = { backend, how, errorName: null, message: null, hint: null, epochsCompleted: null, checkpointEpochs: null, continued: null, problem: null };
  const report = await setupBackend({ preferred: backend, capabilities: hardware.capabilities, wasmPaths, onLog: log });
  if (report.backend !== backend) {
    result.problem = `could not start ${backend}: ${report.reason}`;
    return result;
  }
  // Two epochs of one step each: the device goes after the first, wasm does the second.
  const small = { ...config, trainCount: config.batchSize };
  // The comparison's model and shapes: run after it in the same page, the GPU programs are compiled already.
  const runConfig = { ...runConfigFor(small, 'translation', 'skip'), epochs: 2, augment: null };
  const dataset = datasetFor(small, 'translation');
  const store = createMemoryCheckpointStore();
  const net = buildRunModel(runConfig, taskDescriptor(runConfig.task));
  try {
    await fit({
      task: taskDescriptor(runConfig.task), model: net, dataset, config: runConfig, checkpointStore: store, checkpointKey: 'fault',
      onEvent: (event) => {
        if (event.type !== 'checkpoint-saved' || event.epoch !== 0) return;
        const internals = tf.backend() as unknown as { gpgpu?: { gl: WebGL2RenderingContext }; device?: { destroy(): void } };
        if (backend === 'webgl') internals.gpgpu?.gl.getExtension('WEBGL_lose_context')?.loseContext();
        else internals.device?.destroy();
      },
    });
    result.problem = 'the run finished although its device was lost';
  } catch (error) {
    const e = error as Error & { hint?: string; epochsCompleted?: number };
    Object.assign(result, { errorName: e.name, message: e.message, hint: e.hint ?? null, epochsCompleted: e.epochsCompleted ?? null });
  }
  try {
    net.dispose();
  } catch {
    // Its textures or buffers belong to the lost device; nothing more to free.
  }
  const checkpoint = await store.get('fault');
  result.checkpointEpochs = checkpoint?.epochsCompleted ?? null;
  if (!checkpoint) return result;
  // Continue on wasm, in a fresh model, from the last completed epoch.
  const wasm = await setupBackend({ preferred: 'wasm', capabilities: hardware.capabilities, wasmPaths, onLog: log });
  const again = buildRunModel(runConfig, taskDescriptor(runConfig.task));
  try {
    const done = await fit({ task: taskDescriptor(runConfig.task), model: again, dataset, config: runConfig, resumeFrom: checkpoint });
    result.continued = { backend: wasm.backend, epochs: done.history.length, trainLosses: done.history.map((h) => h.trainLoss) };
  } catch (error) {
    result.problem = `continuing on wasm failed: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    again.dispose();
  }
  return result;
}
