import * as tf from '@tensorflow/tfjs';
import { SettingsError, ShapeError } from '../errors';
import type { OptimizerSettings } from './types';

/**
 * How the learning rate changes over a run: a factor in (0, 1] that multiplies the set rate at
 * each update. 'constant': always 1. 'cosine': a linear warm-up over `warmupSteps` updates (none by
 * default), then half a cosine from 1 down to `finalFraction` (default 0) at update `totalSteps`;
 * updates past `totalSteps` keep `finalFraction`.
 */
export type ScheduleConfig =
  | { kind: 'constant' }
  | { kind: 'cosine'; totalSteps: number; warmupSteps?: number; finalFraction?: number };
export type ResolvedSchedule = { kind: 'constant' } | { kind: 'cosine'; totalSteps: number; warmupSteps: number; finalFraction: number };

/** Lesson 1's optimiser: SGD with (Nesterov) momentum, Keras time decay and optional global-norm clipping. */
export interface SgdConfig {
  kind: 'sgd';
  learningRate: number;
  momentum: number;
  nesterov: boolean;
  /** Clip the global gradient norm to this value; null or absent: no clipping. */
  clipNorm?: number | null;
  /** Keras time decay: lr_t = lr / (1 + decay·t), t = updates so far. Default 0. */
  decay?: number;
  /** Learning-rate schedule, on top of the decay; default constant. */
  schedule?: ScheduleConfig;
}

/** Lesson 2's optimiser: Adam with Keras defaults (lr 1e-3, β1 0.9, β2 0.999, ε 1e-7). */
export interface AdamConfig {
  kind: 'adam';
  learningRate?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  clipNorm?: number | null;
  /** Learning-rate schedule; default constant. */
  schedule?: ScheduleConfig;
}

export type OptimizerConfig = SgdConfig | AdamConfig;
type ResolvedSgd = Required<Omit<SgdConfig, 'clipNorm' | 'schedule'>> & { clipNorm: number | null; schedule: ResolvedSchedule };
type ResolvedAdam = Required<Omit<AdamConfig, 'clipNorm' | 'schedule'>> & { clipNorm: number | null; schedule: ResolvedSchedule };
export type ResolvedOptimizerConfig = ResolvedSgd | ResolvedAdam;

function check(ok: boolean, what: string, value: unknown, expected: string, hint: string): void {
  if (!ok) throw new SettingsError(`Expected the optimiser's ${what} to be ${expected}, but got ${String(value)}.`, hint);
}

/** Fills in a schedule's defaults; throws a SettingsError for an unknown kind or steps out of range. */
export function validateSchedule(schedule: ScheduleConfig | undefined): ResolvedSchedule {
  if (schedule === undefined || schedule.kind === 'constant') return { kind: 'constant' };
  if (schedule.kind !== 'cosine') {
    throw new SettingsError(
      `Expected the learning-rate schedule to be 'constant' or 'cosine', but got '${String((schedule as { kind: unknown }).kind)}'.`,
      'Choose a constant learning rate or a cosine decay.',
    );
  }
  const { totalSteps } = schedule;
  const warmupSteps = schedule.warmupSteps ?? 0;
  const finalFraction = schedule.finalFraction ?? 0;
  const hint = 'A cosine schedule needs the run\'s total number of updates (epochs × steps per epoch).';
  check(Number.isInteger(totalSteps) && totalSteps >= 1, "cosine schedule's total steps", totalSteps, 'a whole number ≥ 1', hint);
  check(Number.isInteger(warmupSteps) && warmupSteps >= 0 && warmupSteps < totalSteps, "cosine schedule's warm-up steps", warmupSteps, `a whole number from 0 to ${totalSteps - 1} (fewer than the total steps)`, 'Warm up for a small part of the run, or not at all.');
  check(finalFraction >= 0 && finalFraction <= 1, "cosine schedule's final fraction", finalFraction, 'in [0, 1]', 'The rate usually decays to 0 (fraction 0).');
  return { kind: 'cosine', totalSteps, warmupSteps, finalFraction };
}

/**
 * The factor the schedule applies to update number `t` (0 for the first update): 1 for a constant
 * rate; for cosine, (t + 1) / warmupSteps during the warm-up, then
 * finalFraction + (1 − finalFraction) · ½ · (1 + cos(π · (t − warmupSteps) / (totalSteps − warmupSteps))),
 * which is 1 at the first update after the warm-up and reaches finalFraction at t = totalSteps.
 */
export function scheduleFactor(schedule: ResolvedSchedule, t: number): number {
  if (schedule.kind === 'constant') return 1;
  const { totalSteps, warmupSteps, finalFraction } = schedule;
  if (t < warmupSteps) return (t + 1) / warmupSteps;
  const progress = Math.min(1, (t - warmupSteps) / (totalSteps - warmupSteps));
  return finalFraction + (1 - finalFraction) * 0.5 * (1 + Math.cos(Math.PI * progress));
}

/** Fills in defaults and throws a SettingsError for any setting outside its valid range. */
export function validateOptimizerConfig(config: OptimizerConfig): ResolvedOptimizerConfig {
  const clipNorm = config.clipNorm ?? null;
  check(clipNorm === null || (clipNorm > 0 && Number.isFinite(clipNorm)), 'clipNorm', clipNorm, 'a positive number (or absent)', 'Lesson 1 clips the gradient norm to 0.5.');
  const schedule = validateSchedule(config.schedule);
  if (config.kind === 'sgd') {
    const decay = config.decay ?? 0;
    check(config.learningRate > 0 && Number.isFinite(config.learningRate), 'learning rate', config.learningRate, 'a positive number', 'Lesson 1 uses 0.05 for SGD.');
    check(config.momentum >= 0 && config.momentum < 1, 'momentum', config.momentum, 'in [0, 1)', 'Lesson 1 uses 0.9.');
    check(decay >= 0 && Number.isFinite(decay), 'decay', decay, 'a number ≥ 0', 'Lesson 1 uses 1e-6 or 0.');
    return { kind: 'sgd', learningRate: config.learningRate, momentum: config.momentum, nesterov: config.nesterov, decay, clipNorm, schedule };
  }
  if (config.kind === 'adam') {
    const r = { kind: 'adam' as const, learningRate: config.learningRate ?? 1e-3, beta1: config.beta1 ?? 0.9, beta2: config.beta2 ?? 0.999, epsilon: config.epsilon ?? 1e-7, clipNorm, schedule };
    check(r.learningRate > 0 && Number.isFinite(r.learningRate), 'learning rate', r.learningRate, 'a positive number', 'Adam usually starts at 0.001.');
    check(r.beta1 >= 0 && r.beta1 < 1, 'beta1', r.beta1, 'in [0, 1)', 'The default is 0.9.');
    check(r.beta2 >= 0 && r.beta2 < 1, 'beta2', r.beta2, 'in [0, 1)', 'The default is 0.999.');
    check(r.epsilon > 0, 'epsilon', r.epsilon, 'a positive number', 'The default is 1e-7.');
    return r;
  }
  throw new SettingsError(`Expected the optimiser kind to be 'sgd' or 'adam', but got '${String((config as { kind: unknown }).kind)}'.`, 'Choose SGD or Adam.');
}

/**
 * Converts the run settings (train/types OptimizerSettings) to a config for createOptimizer.
 * A cosine schedule spans `run.totalSteps` updates (the run's epochs × steps per epoch), which the
 * settings do not hold; it is a SettingsError to name one without it.
 */
export function optimizerConfigFromSettings(settings: OptimizerSettings, run: { totalSteps?: number } = {}): OptimizerConfig {
  const schedule = scheduleFromSettings(settings, run.totalSteps);
  if (settings.kind === 'sgd') {
    return { kind: 'sgd', learningRate: settings.learningRate, momentum: settings.momentum ?? 0, nesterov: settings.nesterov ?? false, decay: settings.decay ?? 0, clipNorm: settings.clipNorm ?? null, schedule };
  }
  return { kind: 'adam', learningRate: settings.learningRate, beta1: settings.beta1, beta2: settings.beta2, epsilon: settings.epsilon, clipNorm: settings.clipNorm ?? null, schedule };
}

function scheduleFromSettings(settings: OptimizerSettings, totalSteps: number | undefined): ScheduleConfig {
  const name = settings.schedule ?? 'constant';
  if (name === 'constant') return { kind: 'constant' };
  if (name !== 'cosine') {
    throw new SettingsError(`Expected the learning-rate schedule 'constant' or 'cosine', but got ${JSON.stringify(name)}.`, 'Choose a constant learning rate or a cosine decay.');
  }
  if (totalSteps === undefined) {
    throw new SettingsError('A cosine learning-rate schedule needs the run\'s total number of steps, but none was given.', 'Pass { totalSteps: epochs × steps per epoch } with the settings.');
  }
  return { kind: 'cosine', totalSteps };
}

/**
 * Scales all gradients by clipNorm / max(‖g‖, clipNorm), where ‖g‖ is the norm of all of them taken
 * together (tf.clip_by_global_norm). Returns new tensors the caller owns; the inputs are not disposed.
 */
export function clipByGlobalNorm(gradients: readonly tf.Tensor[], clipNorm: number): tf.Tensor[] {
  return tf.tidy(() => {
    const squares = gradients.map((g) => tf.sum(tf.square(g)));
    const norm = tf.sqrt(tf.addN(squares));
    const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
    return gradients.map((g) => tf.mul(g, scale));
  });
}

/** A tensor with a name (tfjs does not export its own NamedTensor type). */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** Optimiser state as data: `meta.iterations` plus slot tensors named `<slot>/<variable index>`. */
export interface OptimizerState {
  meta: Record<string, number>;
  tensors: NamedTensor[];
}

/**
 * Applies gradients the way Keras does. It owns its slot variables (momentum, or Adam's m and v),
 * created at the first update, one per variable position; `dispose()` frees them.
 */
export interface CourseOptimizer {
  /** The configuration with every default filled in. */
  readonly config: Readonly<ResolvedOptimizerConfig>;
  /** Number of updates applied so far (Keras's `iterations`). */
  readonly iterations: number;
  /** Learning rate the next update will use (SGD decay: lr / (1 + decay·iterations)), times the schedule's factor. */
  currentLearningRate(): number;
  /**
   * Clips the gradients by global norm (when clipNorm is set) and updates the variables in place.
   * `gradients[i]` belongs to `variables[i]`; pass the same variables in the same order every time.
   * Reads the gradients, never disposes them.
   */
  applyGradients(variables: readonly tf.Variable[], gradients: readonly tf.Tensor[]): void;
  /** Copies of the slots and the iteration count; the caller owns (disposes) the returned tensors. */
  getState(): Promise<OptimizerState>;
  /** Replaces the state with copies of `state` (the caller keeps ownership of its tensors). */
  setState(state: OptimizerState): void;
  dispose(): void;
}

const SLOT_NAMES = { sgd: ['velocity'], adam: ['m', 'v'] } as const;

/**
 * Creates a Keras-faithful SGD (momentum, Nesterov, time decay) or Adam optimiser with optional global-norm clipping.
 * Written with tf ops rather than tf.train.*: tfjs's momentum optimiser accumulates raw gradients
 * (diverges from Keras once the learning rate decays) and its Adam adds ε to the bias-corrected
 * √v̂ (Keras adds it to √v), and neither offers clipping or a learning-rate schedule (here: `schedule`).
 */
export function createOptimizer(config: OptimizerConfig): CourseOptimizer {
  const resolved = validateOptimizerConfig(config);
  const slotNames: readonly string[] = SLOT_NAMES[resolved.kind];
  // slots[s][i]: slot s (velocity, or m and v) of variable i.
  let slots: tf.Variable[][] = slotNames.map(() => []);
  let iterations = 0;

  const learningRateAt = (t: number): number =>
    (resolved.kind === 'sgd' ? resolved.learningRate / (1 + resolved.decay * t) : resolved.learningRate) * scheduleFactor(resolved.schedule, t);

  function ensureSlots(variables: readonly tf.Variable[]): void {
    if (slots[0].length === 0) {
      slots = slotNames.map(() => variables.map((v) => tf.tidy(() => tf.variable(tf.zerosLike(v), false))));
      return;
    }
    const same = slots[0].length === variables.length && variables.every((v, i) => tf.util.arraysEqual(v.shape, slots[0][i].shape));
    if (!same) {
      throw new ShapeError(
        `Expected the optimiser to update the ${slots[0].length} variables it holds state for, but got ${variables.length} variables of other shapes.`,
        'Create a new optimiser for a new model, or restore a state saved from the same architecture.',
      );
    }
  }

  function sgdUpdate(variable: tf.Variable, grad: tf.Tensor, i: number, cfg: ResolvedSgd, lr: number): void {
    const velocity = slots[0][i];
    // Keras: v ← momentum·v − lr·g; Nesterov: p ← p + momentum·v − lr·g, else p ← p + v.
    const newVelocity = tf.sub(tf.mul(cfg.momentum, velocity), tf.mul(lr, grad));
    const step = cfg.nesterov ? tf.sub(tf.mul(cfg.momentum, newVelocity), tf.mul(lr, grad)) : newVelocity;
    velocity.assign(newVelocity);
    variable.assign(tf.add(variable, step));
  }

  function adamUpdate(variable: tf.Variable, grad: tf.Tensor, i: number, cfg: ResolvedAdam, lr: number, t: number): void {
    const [m, v] = [slots[0][i], slots[1][i]];
    // Keras: lr_t = lr·√(1 − β2^t)/(1 − β1^t); p ← p − lr_t·m / (√v + ε), ε outside the bias correction.
    // lr is the scheduled rate of this update (the set rate when the schedule is constant).
    const lrT = (lr * Math.sqrt(1 - cfg.beta2 ** t)) / (1 - cfg.beta1 ** t);
    const newM = tf.add(tf.mul(cfg.beta1, m), tf.mul(1 - cfg.beta1, grad));
    const newV = tf.add(tf.mul(cfg.beta2, v), tf.mul(1 - cfg.beta2, tf.square(grad)));
    m.assign(newM);
    v.assign(newV);
    variable.assign(tf.sub(variable, tf.mul(lrT, tf.div(newM, tf.add(tf.sqrt(newV), cfg.epsilon)))));
  }

  return {
    config: resolved,
    get iterations() {
      return iterations;
    },
    currentLearningRate: () => learningRateAt(iterations),
    applyGradients(variables, gradients) {
      if (variables.length !== gradients.length) {
        throw new ShapeError(
          `Expected one gradient per variable, but got ${gradients.length} gradients for ${variables.length} variables.`,
          'Pass the gradients in the order of the variables.',
        );
      }
      ensureSlots(variables);
      tf.tidy(() => {
        const grads = resolved.clipNorm === null ? gradients : clipByGlobalNorm(gradients, resolved.clipNorm);
        const lr = learningRateAt(iterations);
        variables.forEach((variable, i) => {
          if (resolved.kind === 'sgd') sgdUpdate(variable, grads[i], i, resolved, lr);
          else adamUpdate(variable, grads[i], i, resolved, lr, iterations + 1);
        });
      });
      iterations++;
    },
    async getState() {
      const tensors: NamedTensor[] = [];
      slotNames.forEach((slot, s) => slots[s].forEach((t, i) => tensors.push({ name: `${slot}/${i}`, tensor: tf.clone(t) })));
      return { meta: { iterations, slotsPerVariable: slotNames.length, variables: slots[0].length }, tensors };
    },
    setState(state) {
      const count = state.meta.variables ?? 0;
      const byName = new Map(state.tensors.map((t) => [t.name, t.tensor]));
      const next: tf.Tensor[][] = slotNames.map((slot) =>
        Array.from({ length: count }, (_, i) => {
          const tensor = byName.get(`${slot}/${i}`);
          if (!tensor) {
            throw new SettingsError(
              `Expected the saved ${resolved.kind} optimiser state to contain '${slot}/${i}', but it is missing.`,
              'The checkpoint was saved with another optimiser or model; start a fresh run instead of resuming.',
            );
          }
          return tensor;
        }),
      );
      const iterationsIn = state.meta.iterations;
      if (!Number.isInteger(iterationsIn) || iterationsIn < 0) {
        throw new SettingsError(`Expected the saved optimiser iterations to be a whole number ≥ 0, but got ${iterationsIn}.`, 'The checkpoint is damaged; start a fresh run.');
      }
      slots.flat().forEach((v) => v.dispose());
      slots = next.map((list) => list.map((t) => tf.tidy(() => tf.variable(tf.clone(t), false))));
      iterations = iterationsIn;
    },
    dispose() {
      slots.flat().forEach((v) => v.dispose());
      slots = slotNames.map(() => []);
    },
  };
}
