/**
 * The optimiser and learning-rate-schedule registries, as plain data (no TensorFlow.js): every
 * choice a run may name, with its words and its preset. `createOptimizer` (./optimizers) builds them.
 */
import { SettingsError } from '../errors';
import type { LearningRateScheduleName, OptimizerSettings } from './types';

/** Lesson 1's optimiser: SGD, lr 0.05, momentum 0.9, Nesterov, global-norm clip 0.5, decay 1e-6. */
export const LESSON1_SGD: OptimizerSettings = { kind: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: true, decay: 1e-6, clipNorm: 0.5 };

/** Lesson 2's optimiser: Adam with Keras defaults. */
export const LESSON2_ADAM: OptimizerSettings = { kind: 'adam', learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };

export type OptimizerKind = OptimizerSettings['kind'];

/** One optimiser: its name, how a form lists and explains it, and the settings a run starts from when it is chosen. */
export interface OptimizerEntry {
  kind: OptimizerKind;
  label: string;
  note: string;
  preset: Readonly<OptimizerSettings>;
}

/** Every optimiser, by kind, in the order forms list them: the one list of optimisers. */
export const OPTIMIZERS: Readonly<Record<OptimizerKind, OptimizerEntry>> = {
  sgd: {
    kind: 'sgd', label: 'SGD + Nesterov (the original)', preset: LESSON1_SGD,
    note: 'SGD with momentum 0.9 (Nesterov), gradients clipped to a global norm of 0.5, learning rate decaying as lr / (1 + 10⁻⁶ · step).',
  },
  adam: { kind: 'adam', label: 'Adam', preset: LESSON2_ADAM, note: 'Adam with β₁ 0.9, β₂ 0.999, ε 10⁻⁷ (the Keras defaults).' },
};

export const OPTIMIZER_KINDS = Object.keys(OPTIMIZERS) as OptimizerKind[];

/** The entry of an optimiser; a SettingsError naming the known ones for anything else. */
export function optimizerEntry(kind: unknown): OptimizerEntry {
  if (typeof kind !== 'string' || !Object.hasOwn(OPTIMIZERS, kind)) {
    throw new SettingsError(`Expected optimizer kind ${OPTIMIZER_KINDS.map((k) => `'${k}'`).join(' or ')}, but got ${JSON.stringify(kind)}.`, 'Choose SGD or Adam.');
  }
  return OPTIMIZERS[kind as OptimizerKind];
}

/** One learning-rate schedule: how a form lists it and one sentence on what it does. */
export interface ScheduleEntry {
  name: LearningRateScheduleName;
  label: string;
  note: string;
}

/** Every learning-rate schedule, by name, in the order forms list them: the one list of schedules. */
export const SCHEDULES: Readonly<Record<LearningRateScheduleName, ScheduleEntry>> = {
  constant: { name: 'constant', label: 'Constant', note: 'The learning rate stays where you set it for the whole run.' },
  cosine: {
    name: 'cosine',
    label: 'Cosine: lowered to zero by the last step',
    note: 'The learning rate starts where you set it and falls smoothly, along half a cosine, to zero at the last step: big steps early, small careful ones at the end.',
  },
};

/** The schedules a run may name (OptimizerSettings.schedule), in the order a form offers them. */
export const LEARNING_RATE_SCHEDULES = Object.keys(SCHEDULES) as LearningRateScheduleName[];

/** Whether `value` names a known schedule. */
export function isScheduleName(value: unknown): value is LearningRateScheduleName {
  return typeof value === 'string' && Object.hasOwn(SCHEDULES, value);
}
