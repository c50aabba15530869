import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadH5wasm } from '../../../src/lib/data/h5wasmRuntime';
import type { LessonDataset } from '../../../src/lib/data/types';

/** One dataset to write as-is, bypassing the course writer's checks. */
export interface RawArray {
  name: string;
  data: Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | string[];
  shape: number[];
  dtype?: string;
}

/** Writes arbitrary (possibly malformed) datasets and root attributes with h5wasm's Node build. */
export async function writeRawH5(path: string, arrays: RawArray[], attributes: Record<string, string | number> = {}): Promise<void> {
  const { h5 } = await loadH5wasm('node');
  const file = new h5.File(path, 'w');
  try {
    for (const a of arrays) file.create_dataset({ name: a.name, data: a.data, shape: a.shape, dtype: a.dtype ?? null });
    for (const [k, v] of Object.entries(attributes)) file.create_attribute(k, v);
  } finally {
    file.close();
  }
}

/** A fresh temporary folder and a cleanup function. */
export function makeTempDir(): { dir: string; file: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'course-data-'));
  return { dir, file: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Values 0..n-1 shifted, as float32 (exactly representable in every integer type used). */
export function ramp(n: number, offset = 0, step = 1): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => offset + i * step);
}

/** A small valid dataset: [3,8,8,1] train, [2,8,8,1] val, optional [1,8,8,1] test, binary targets. */
export function smallDataset(withTest = true, size = 8): LessonDataset {
  const px = size * size;
  const mask = (n: number) => Float32Array.from({ length: n * px }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0));
  const dataset: LessonDataset = {
    height: size,
    width: size,
    train: { x: ramp(3 * px, -100), y: mask(3), count: 3 },
    val: { x: ramp(2 * px, 50), y: mask(2), count: 2 },
    attributes: { generator: 'test', seed: 7, spacing_mm: 0.75 },
  };
  if (withTest) dataset.test = { x: ramp(px, 120), y: mask(1), count: 1 };
  return dataset;
}

/** Raw arrays of a valid file in NHWC float32, which a test then edits to break one thing. */
export function validRawArrays(count = 2, height = 8, width = 8): RawArray[] {
  const n = count * height * width;
  return ['train', 'val'].flatMap((split) => [
    { name: `${split}X`, data: ramp(n), shape: [count, height, width, 1], dtype: '<f' },
    { name: `${split}Y`, data: Float32Array.from({ length: n }, (_, i) => i % 2), shape: [count, height, width, 1], dtype: '<f' },
  ]);
}
