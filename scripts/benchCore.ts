/**
 * One training step (forward + backward + Adam, L1 loss) of the lesson's skip model, timed for
 * several kernel variants interleaved step by step. Shared by `npm run bench` (Node) and the
 * Chromium bench page, so both measure exactly the same thing.
 */
import * as tf from '@tensorflow/tfjs';
import { registerCourseKernels, type CourseKernelMode } from '../src/lib/kernels';
import { buildEncoderDecoder } from '../src/lib/models/encoderDecoder';
import { FORWARD_MACS_PER_PIXEL as MACS } from '../src/lib/plan/modelCost';

/** Multiply-adds per pixel per image of one forward pass of the skip model (36,681.25), counted layer by layer in src/lib/plan/modelCost.ts. */
export const FORWARD_MACS_PER_PIXEL = MACS.skip;

/**
 * Variant name → kernels: 'stock' adds only the missing filter gradient; 'xnnpack' both gradients as
 * XNNPACK convolutions (the course's kernels two waves ago); 'direct' the course's own WebAssembly
 * filter gradient with every other convolution on XNNPACK (the previous wave's); 'ours' what the course
 * runs now: the Winograd convolutions where they fit, the direct filter gradient elsewhere.
 */
export const VARIANTS: Record<string, { mode: CourseKernelMode; winograd?: boolean }> = {
  stock: { mode: 'filter-only' }, xnnpack: { mode: 'xnnpack' }, direct: { mode: 'fast', winograd: false }, ours: { mode: 'fast' },
};

export interface StepBenchConfig {
  sizes: number[];
  batch: number;
  steps: number;
  warmup: number;
  variants: string[];
}

export interface StepBenchResult {
  size: number;
  variant: string;
  batch: number;
  steps: number;
  medianMs: number;
  minMs: number;
  /** Median CPU time of the process per step (Node only; single-threaded there). */
  medianCpuMs?: number;
  gflopPerStep: number;
  gflops: number;
  threads: number;
}

/** GFLOP in one training step: ≈ 3 forward passes, 2 flops per multiply-add. */
export function stepGflop(size: number, batch: number): number {
  return (3 * 2 * FORWARD_MACS_PER_PIXEL * size * size * batch) / 1e9;
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

/** Runs the benchmark on the current tfjs backend; `cpuNowMs` (optional) reads process CPU time. */
export async function benchTrainingStep(
  config: StepBenchConfig,
  options: { threads: number; cpuNowMs?: () => number; log?: (line: string) => void },
): Promise<StepBenchResult[]> {
  const results: StepBenchResult[] = [];
  for (const size of config.sizes) {
    const model = buildEncoderDecoder({ height: size, width: size, skips: true, output: 'linear', seed: 1 });
    const x = tf.randomUniform([config.batch, size, size, 1], 0, 1, 'float32', 1);
    const y = tf.randomUniform([config.batch, size, size, 1], 0, 1, 'float32', 2);
    const optimizer = tf.train.adam(1e-3);
    const step = async (variant: string): Promise<{ wall: number; cpu: number }> => {
      registerCourseKernels(VARIANTS[variant]);
      const t0 = performance.now(), c0 = options.cpuNowMs?.() ?? 0;
      const loss = optimizer.minimize(() => tf.losses.absoluteDifference(y, model.apply(x, { training: true }) as tf.Tensor), true);
      await loss?.data();
      loss?.dispose();
      return { wall: performance.now() - t0, cpu: (options.cpuNowMs?.() ?? 0) - c0 };
    };
    try {
      for (const v of config.variants) for (let i = 0; i < config.warmup; i++) await step(v);
      const wall = new Map<string, number[]>(config.variants.map((v) => [v, []]));
      const cpu = new Map<string, number[]>(config.variants.map((v) => [v, []]));
      for (let i = 0; i < config.steps; i++) {
        // Interleaved: a burst of load on the shared machine hits every variant alike.
        for (const v of config.variants) {
          const t = await step(v);
          wall.get(v)!.push(t.wall); cpu.get(v)!.push(t.cpu);
          options.log?.(`  ${size}px ${v} step ${i + 1}/${config.steps}: ${t.wall.toFixed(0)} ms`);
        }
      }
      for (const v of config.variants) {
        const g = stepGflop(size, config.batch), med = median(wall.get(v)!);
        results.push({
          size, variant: v, batch: config.batch, steps: config.steps,
          medianMs: Math.round(med), minMs: Math.round(Math.min(...wall.get(v)!)),
          medianCpuMs: options.cpuNowMs ? Math.round(median(cpu.get(v)!)) : undefined,
          gflopPerStep: Number(g.toFixed(2)), gflops: Number((g / med * 1000).toFixed(2)), threads: options.threads,
        });
      }
    } finally {
      model.dispose(); x.dispose(); y.dispose(); optimizer.dispose();
      registerCourseKernels();
    }
  }
  return results;
}
