import type * as tf from '@tensorflow/tfjs';
import { SettingsError } from '../errors';
import { formatBytes } from '../format';

/**
 * Bytes a training step may use per backend. The wasm heap is capped at 4 GiB; measured: the skip
 * model at 256×256 exhausts it with batch 16 and fits with batch 8. GPU memory varies by device and
 * nothing here could measure it: those budgets are guesses (override with budgetBytes).
 */
export const MEMORY_BUDGET_BYTES: Record<string, number> = {
  wasm: 3.5 * 2 ** 30,
  cpu: 8 * 2 ** 30,
  webgl: 4 * 2 ** 30,
  webgpu: 4 * 2 ** 30,
};

/**
 * A training step keeps every activation for the backward pass, then makes their gradients and the
 * kernels' scratch buffers: about four times the forward activations (calibrated on the measurement above).
 */
const TRAINING_FACTOR = 4;

/** Forward activation bytes of one sample (float32): the sum of all layer outputs, input included. No tensors. */
export function activationBytesPerSample(model: tf.LayersModel): number {
  let elements = 0;
  for (const layer of model.layers) {
    const shapes = layer.outputShape;
    const list = (Array.isArray(shapes[0]) || shapes.length === 0 ? shapes : [shapes]) as Array<Array<number | null>>;
    for (const shape of list) elements += shape.reduce<number>((size, d) => size * (d ?? 1), 1);
  }
  return elements * 4;
}

/** Estimated bytes of one training step: activations × batch × training factor, plus weights with their gradient and two optimiser slots. */
export function estimateTrainingBytes(model: tf.LayersModel, batchSize: number): number {
  return activationBytesPerSample(model) * batchSize * TRAINING_FACTOR + model.countParams() * 4 * 4;
}

/** Throws SettingsError before a run whose estimated step memory exceeds the backend's budget (so it can't crash the page mid-run). */
export function assertFitsMemory(options: { model: tf.LayersModel; batchSize: number; backend: string; budgetBytes?: number }): void {
  const { model, batchSize, backend } = options;
  const budget = options.budgetBytes ?? MEMORY_BUDGET_BYTES[backend] ?? MEMORY_BUDGET_BYTES.wasm;
  const needed = estimateTrainingBytes(model, batchSize);
  if (needed <= budget) return;
  const perSample = activationBytesPerSample(model) * TRAINING_FACTOR;
  const largest = Math.max(0, Math.floor((budget - model.countParams() * 16) / perSample));
  throw new SettingsError(
    `Batch ${batchSize} needs about ${formatBytes(needed)} for one training step on the ${backend} backend, more than its ${formatBytes(budget)} budget.`,
    largest >= 1
      ? `Use a batch size of at most ${largest}, or a smaller image size.`
      : 'Use a smaller image size: even one image does not fit.',
  );
}
