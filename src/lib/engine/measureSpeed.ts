import * as tf from '@tensorflow/tfjs';
import { SettingsError } from '../errors';
import { createRng } from '../random';
import { buildRunModel } from '../train/buildRunModel';
import { lossFunction } from '../losses/lossRegistry';
import { createOptimizer, optimizerConfigFromSettings } from '../train/optimizers';
import { LESSON2_ADAM } from '../train/optimizerRegistry';
import { createTrainStep } from '../train/trainStep';
import { nextMacrotask } from '../train/predictBatches';
import type { SpeedParams, SpeedResult } from './protocol';

const WARMUP_STEPS = 1;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Times training steps of a freshly built model on synthetic data (Adam, MAE loss) on the current
 * backend: one warm-up step, then the median of `steps`. Builds and disposes everything it uses.
 */
export async function measureSpeed(params: SpeedParams): Promise<SpeedResult> {
  const { model: kind, height, width, batchSize, steps } = params;
  if (!Number.isInteger(steps) || steps < 1 || steps > 20) {
    throw new SettingsError(`Expected 1 to 20 timed steps, but got ${String(steps)}.`, 'Three steps give a usable median.');
  }
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 64) {
    throw new SettingsError(`Expected a batch size from 1 to 64, but got ${String(batchSize)}.`, 'The lessons time batch 16.');
  }
  // A linear output and MAE, like lesson 2: the step's cost hardly depends on the task.
  const model = buildRunModel({ model: kind, height, width, seed: 1 }, { outputActivation: 'linear' });
  const optimizer = createOptimizer(optimizerConfigFromSettings(LESSON2_ADAM));
  const rng = createRng(7);
  const values = Float32Array.from({ length: batchSize * height * width }, () => rng());
  const x = tf.tensor4d(values, [batchSize, height, width, 1]);
  const y = tf.tensor4d(values.map((v) => 1 - v), [batchSize, height, width, 1]);
  try {
    const step = createTrainStep({ model, loss: lossFunction('mae'), optimizer });
    const times: number[] = [];
    for (let i = 0; i < WARMUP_STEPS + steps; i++) {
      const start = performance.now();
      await step(x, y);
      if (i >= WARMUP_STEPS) times.push(performance.now() - start);
      await nextMacrotask();
    }
    return { msPerStep: median(times), stepsTimed: steps, backend: tf.getBackend() };
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  }
}
