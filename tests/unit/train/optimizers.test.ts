import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SettingsError, ShapeError } from '../../../src/lib/errors';
import { clipByGlobalNorm, createOptimizer, optimizerConfigFromSettings, scheduleFactor, validateSchedule, type CourseOptimizer } from '../../../src/lib/train/optimizers';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

/** Applies `steps` updates with gradient = gradientOf(current values); returns the values after each step. */
function run(optimizer: CourseOptimizer, start: number[], steps: number, gradientOf: (w: number[]) => number[]): number[][] {
  const w = tf.variable(tf.tensor1d(start));
  const history: number[][] = [];
  for (let s = 0; s < steps; s++) {
    const g = tf.tensor1d(gradientOf(Array.from(w.dataSync())));
    optimizer.applyGradients([w], [g]);
    g.dispose();
    history.push(Array.from(w.dataSync()));
  }
  w.dispose();
  return history;
}

function expectClose(actual: number[], expected: number[], digits = 6): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i], digits));
}

describe('clipByGlobalNorm', () => {
  it('scales every gradient by clipNorm / max(‖g‖, clipNorm), with ‖g‖ over all of them', () => {
    const a = tf.tensor1d([3]), b = tf.tensor1d([4]); // ‖g‖ = 5
    const [ca, cb] = clipByGlobalNorm([a, b], 1); // × 1/5
    expectClose([...ca.dataSync(), ...cb.dataSync()], [0.6, 0.8]);
    const [ua, ub] = clipByGlobalNorm([a, b], 10); // below the limit: unchanged
    expectClose([...ua.dataSync(), ...ub.dataSync()], [3, 4]);
    tf.dispose([a, b, ca, cb, ua, ub]);
  });
});

describe('SGD (Keras formulas)', () => {
  it('takes Nesterov steps on clipped gradients', () => {
    // loss = ½·Σw² → g = w. w0 = (1, 2), lr 0.1, momentum 0.9, clipNorm 0.5.
    // Step 1: ‖g‖ = √5 → g' = g·0.5/√5 = (0.2236068, 0.4472136). v1 = −0.1·g'.
    //   w1 = w0 + 0.9·v1 − 0.1·g' = w0 − 0.19·g' = (0.95751471, 1.91502942).
    // Step 2: g = w1 ∥ w0, so again g' = (0.2236068, 0.4472136). v2 = 0.9·v1 − 0.1·g' = −0.19·g'.
    //   w2 = w1 + 0.9·v2 − 0.1·g' = w1 − 0.271·g' = (0.89691727, 1.79383453).
    const opt = createOptimizer({ kind: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true, clipNorm: 0.5 });
    const [w1, w2] = run(opt, [1, 2], 2, (w) => w);
    expectClose(w1, [0.95751471, 1.91502942]);
    expectClose(w2, [0.89691727, 1.79383453]);
    expect(opt.iterations).toBe(2);
    opt.dispose();
  });

  it('applies time decay lr / (1 + decay·t) inside the velocity, as Keras does', () => {
    // g ≡ 1, w0 = 1, lr 0.1, momentum 0.5, no Nesterov, decay 1 (large, to see it).
    // t=0: lr 0.1   v = −0.1                     w = 0.9
    // t=1: lr 0.05  v = 0.5·(−0.1) − 0.05 = −0.1  w = 0.8
    // t=2: lr 1/30  v = −0.05 − 1/30 = −1/12     w = 0.8 − 1/12 = 0.71666667
    // (tfjs's momentum optimiser accumulates raw gradients instead and would give 0.825 at t=1.)
    const opt = createOptimizer({ kind: 'sgd', learningRate: 0.1, momentum: 0.5, nesterov: false, decay: 1 });
    expect(opt.currentLearningRate()).toBeCloseTo(0.1, 12);
    const history = run(opt, [1], 3, () => [1]);
    expectClose(history.flat(), [0.9, 0.8, 0.71666667]);
    expect(opt.currentLearningRate()).toBeCloseTo(0.025, 12);
    opt.dispose();
  });
});

describe('Adam (Keras formulas)', () => {
  it('uses Keras defaults and puts ε outside the bias correction', () => {
    const opt = createOptimizer({ kind: 'adam' });
    expect(opt.config).toEqual({ kind: 'adam', learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, clipNorm: null, schedule: { kind: 'constant' } });
    // t = 1, tiny gradients so ε matters: m = 0.1·g, v = 0.001·g², lr_t = 1e-3·√0.001 / 0.1 = 3.16227766e-4.
    // g = 1e-6:  Δ = lr_t · 1e-7 / (3.16227766e-8 + 1e-7) = lr_t · 0.759746926 = 2.40253075e-4
    // g = −2e-6: Δ = lr_t · −2e-7 / (6.32455532e-8 + 1e-7) = lr_t · −1.22514845 = −3.87425966e-4
    // (tfjs's AdamOptimizer divides bias-corrected moments: 1e-3 · 1e-6 / (1e-6 + 1e-7) = 9.09e-4 instead.)
    const [w] = run(opt, [0, 0], 1, () => [1e-6, -2e-6]);
    expect(w[0]).toBeCloseTo(-2.40253075e-4, 9);
    expect(w[1]).toBeCloseTo(3.87425966e-4, 9);
    opt.dispose();
  });

  it('moves by about lr per step for a steady gradient', () => {
    // t = 2 with g ≡ 1: m = 0.19, v = 0.001999, lr_t = 1e-3·√0.001999/0.19 → Δ = 1e-3·(1 − 2e-6) per step.
    const opt = createOptimizer({ kind: 'adam', learningRate: 1e-3 });
    const history = run(opt, [0], 2, () => [1]);
    expectClose(history.flat(), [-0.001, -0.002], 7);
    opt.dispose();
  });
});

describe('optimiser state', () => {
  for (const config of [
    { kind: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: true, clipNorm: 0.5, decay: 0.1 },
    { kind: 'adam', learningRate: 0.01 },
  ] as const) {
    it(`${config.kind}: saving and restoring resumes exactly`, async () => {
      const grad = (w: number[]) => w.map((v, i) => v * (i + 1) - 0.3);
      const a = createOptimizer(config);
      const wa = run(a, [1, -2, 0.5], 3, grad);
      const state = await a.getState();
      expect(state.meta.iterations).toBe(3);
      expect(state.tensors.map((t) => t.name)).toEqual(config.kind === 'sgd' ? ['velocity/0'] : ['m/0', 'v/0']);
      const b = createOptimizer(config);
      b.setState(state);
      tf.dispose(state.tensors.map((t) => t.tensor)); // the optimiser keeps its own copies
      expect(b.iterations).toBe(3);
      const last = wa[wa.length - 1];
      const nextA = run(a, last, 2, grad);
      const nextB = run(b, last, 2, grad);
      expect(nextB).toEqual(nextA);
      a.dispose();
      b.dispose();
    });
  }

  it('refuses a state from another optimiser or for other variables', async () => {
    const adam = createOptimizer({ kind: 'adam' });
    run(adam, [1], 1, () => [1]);
    const state = await adam.getState();
    const sgd = createOptimizer({ kind: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true });
    expect(() => sgd.setState(state)).toThrow(SettingsError);
    const other = createOptimizer({ kind: 'adam' });
    other.setState(state);
    const w = tf.variable(tf.zeros([2]));
    const g = tf.ones([2]);
    expect(() => other.applyGradients([w], [g])).toThrow(ShapeError);
    expect(() => other.applyGradients([w], [])).toThrow(ShapeError);
    tf.dispose([w, g, ...state.tensors.map((t) => t.tensor)]);
    [adam, sgd, other].forEach((o) => o.dispose());
  });
});

describe('createOptimizer settings', () => {
  it('rejects impossible settings with a SettingsError', () => {
    expect(() => createOptimizer({ kind: 'sgd', learningRate: 0, momentum: 0.9, nesterov: true })).toThrow(SettingsError);
    expect(() => createOptimizer({ kind: 'sgd', learningRate: 0.1, momentum: 1, nesterov: true })).toThrow(SettingsError);
    expect(() => createOptimizer({ kind: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true, clipNorm: 0 })).toThrow(SettingsError);
    expect(() => createOptimizer({ kind: 'adam', beta2: 1 })).toThrow(SettingsError);
  });

  it('converts run settings, treating a null clipNorm as no clipping', () => {
    expect(optimizerConfigFromSettings({ kind: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: true, clipNorm: 0.5, decay: 1e-6 })).toEqual({
      kind: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: true, clipNorm: 0.5, decay: 1e-6, schedule: { kind: 'constant' },
    });
    const adam = createOptimizer(optimizerConfigFromSettings({ kind: 'adam', learningRate: 0.002, clipNorm: null }));
    expect(adam.config).toMatchObject({ learningRate: 0.002, beta1: 0.9, clipNorm: null });
  });

  it('keeps the tensor count flat across updates (slots are made once)', () => {
    const opt = createOptimizer({ kind: 'adam', clipNorm: 1 });
    const w = tf.variable(tf.ones([3, 3]));
    const g = tf.ones([3, 3]);
    opt.applyGradients([w], [g]);
    const after1 = tf.memory().numTensors;
    for (let s = 0; s < 5; s++) opt.applyGradients([w], [g]);
    expect(tf.memory().numTensors).toBe(after1);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(after1 - 2);
    tf.dispose([w, g]);
  });
});

describe('learning-rate schedule', () => {
  it('cosine: 1 at the first step, ½ half-way, 0 at totalSteps, and stays there', () => {
    const cosine = validateSchedule({ kind: 'cosine', totalSteps: 10 });
    expect(cosine).toEqual({ kind: 'cosine', totalSteps: 10, warmupSteps: 0, finalFraction: 0 });
    expect(scheduleFactor(cosine, 0)).toBe(1);
    expect(scheduleFactor(cosine, 5)).toBeCloseTo(0.5, 12);
    // ½·(1 + cos(0.9π)) = 0.02447174
    expect(scheduleFactor(cosine, 9)).toBeCloseTo(0.02447174, 7);
    expect(scheduleFactor(cosine, 10)).toBeCloseTo(0, 12);
    expect(scheduleFactor(cosine, 25)).toBeCloseTo(0, 12);
    expect(scheduleFactor({ kind: 'constant' }, 1e6)).toBe(1);
  });

  it('cosine with a warm-up rises linearly, then falls to its final fraction', () => {
    const s = validateSchedule({ kind: 'cosine', totalSteps: 12, warmupSteps: 4, finalFraction: 0.1 });
    expect([0, 1, 2, 3].map((t) => scheduleFactor(s, t))).toEqual([0.25, 0.5, 0.75, 1]);
    expect(scheduleFactor(s, 4)).toBe(1);
    expect(scheduleFactor(s, 8)).toBeCloseTo(0.1 + 0.9 * 0.5, 12);
    expect(scheduleFactor(s, 12)).toBeCloseTo(0.1, 12);
  });

  it('scales every update: Adam with a cosine over 4 steps moves lr·(1, ½+½cos(π/4), ½, ½−½cos(π/4))', () => {
    // With g ≡ 1 Adam's step is ≈ lr (see above), so the weights follow the scheduled rate.
    const opt = createOptimizer({ kind: 'adam', learningRate: 0.01, schedule: { kind: 'cosine', totalSteps: 4 } });
    const factors = [1, 0.5 + 0.5 * Math.SQRT1_2, 0.5, 0.5 - 0.5 * Math.SQRT1_2];
    expect(opt.currentLearningRate()).toBeCloseTo(0.01, 12);
    const history = run(opt, [0], 4, () => [1]).flat();
    let w = 0;
    history.forEach((value, i) => {
      w -= 0.01 * factors[i];
      expect(value).toBeCloseTo(w, 6);
    });
    expect(opt.currentLearningRate()).toBeCloseTo(0, 12);
    opt.dispose();
  });

  it('multiplies SGD\'s time decay', () => {
    // lr 0.1, decay 1, no momentum, cosine over 2 steps: step 0 → 0.1·1, step 1 → 0.05·½.
    const opt = createOptimizer({ kind: 'sgd', learningRate: 0.1, momentum: 0, nesterov: false, decay: 1, schedule: { kind: 'cosine', totalSteps: 2 } });
    expectClose(run(opt, [1], 2, () => [1]).flat(), [0.9, 0.875]);
    opt.dispose();
  });

  it('a resumed optimiser continues the schedule where the saved one stopped', async () => {
    const config = { kind: 'adam', learningRate: 0.01, schedule: { kind: 'cosine', totalSteps: 6 } } as const;
    const grad = (w: number[]) => w.map((v) => v - 0.2);
    const a = createOptimizer(config);
    const wa = run(a, [1, -1], 3, grad);
    const state = await a.getState();
    const b = createOptimizer(config);
    b.setState(state);
    tf.dispose(state.tensors.map((t) => t.tensor));
    expect(b.currentLearningRate()).toBeCloseTo(a.currentLearningRate(), 12);
    const last = wa[wa.length - 1];
    expect(run(b, last, 3, grad)).toEqual(run(a, last, 3, grad));
    a.dispose();
    b.dispose();
  });

  it('converts a named schedule with the run\'s total steps, and refuses one without', () => {
    const settings = { kind: 'adam', learningRate: 0.002, schedule: 'cosine' } as const;
    expect(optimizerConfigFromSettings(settings, { totalSteps: 240 }).schedule).toEqual({ kind: 'cosine', totalSteps: 240 });
    expect(optimizerConfigFromSettings({ kind: 'adam', learningRate: 0.002 }).schedule).toEqual({ kind: 'constant' });
    expect(() => optimizerConfigFromSettings(settings)).toThrow(/total number of steps/);
    expect(() => optimizerConfigFromSettings({ kind: 'adam', learningRate: 0.002, schedule: 'step' as never }, { totalSteps: 5 })).toThrow(SettingsError);
  });

  it('rejects impossible schedules with a SettingsError naming the setting', () => {
    expect(() => validateSchedule({ kind: 'cosine', totalSteps: 0 })).toThrow(/total steps/);
    expect(() => validateSchedule({ kind: 'cosine', totalSteps: 2.5 })).toThrow(SettingsError);
    expect(() => validateSchedule({ kind: 'cosine', totalSteps: 10, warmupSteps: 10 })).toThrow(/warm-up steps/);
    expect(() => validateSchedule({ kind: 'cosine', totalSteps: 10, warmupSteps: -1 })).toThrow(SettingsError);
    expect(() => validateSchedule({ kind: 'cosine', totalSteps: 10, finalFraction: 1.5 })).toThrow(/final fraction/);
    expect(() => validateSchedule({ kind: 'linear' } as never)).toThrow(/'constant' or 'cosine'/);
    expect(() => createOptimizer({ kind: 'adam', schedule: { kind: 'cosine', totalSteps: -3 } })).toThrow(SettingsError);
  });
});
