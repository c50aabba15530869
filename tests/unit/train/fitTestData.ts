import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { LessonDataset, SplitArrays } from '../../../src/lib/data/types';
import { registerCourseKernels } from '../../../src/lib/kernels';
import { createRng, normal, uniform, type Rng } from '../../../src/lib/random';

/** Switches tfjs to wasm with the course kernels (throws when wasm does not start). */
export async function useWasm(): Promise<void> {
  registerCourseKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('The wasm backend did not start.');
  await tf.ready();
}

/** `count` slices of size×size: a bright disc (random centre and radius; every 4th slice empty) on a noisy background, and its mask. */
function discSplit(rng: Rng, count: number, size: number): SplitArrays {
  const x = new Float32Array(count * size * size);
  const y = new Float32Array(count * size * size);
  for (let s = 0; s < count; s++) {
    const empty = s % 4 === 3;
    const cy = uniform(rng, size * 0.3, size * 0.7);
    const cx = uniform(rng, size * 0.3, size * 0.7);
    const r = uniform(rng, size * 0.15, size * 0.3);
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        const k = (s * size + i) * size + j;
        const inside = !empty && (i - cy) ** 2 + (j - cx) ** 2 <= r * r;
        y[k] = inside ? 1 : 0;
        x[k] = (inside ? 0.8 : 0.2) + normal(rng, 0, 0.05);
      }
    }
  }
  return { x, y, count };
}

/** A seeded disc-segmentation dataset (size×size, train/val/test counts as given). */
export function discDataset(options: { size?: number; train?: number; val?: number; test?: number; seed?: number } = {}): LessonDataset {
  const size = options.size ?? 16;
  const rng = createRng(options.seed ?? 7);
  return {
    height: size,
    width: size,
    train: discSplit(rng, options.train ?? 16, size),
    val: discSplit(rng, options.val ?? 8, size),
    test: discSplit(rng, options.test ?? 8, size),
    attributes: { generator: 'tests/unit/train/fitTestData.ts' },
  };
}
