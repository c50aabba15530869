import type { LearningRateScheduleName, OptimizerSettings } from './types';

/** The schedules a run may name (OptimizerSettings.schedule), in the order a form offers them. */
export const LEARNING_RATE_SCHEDULES: readonly LearningRateScheduleName[] = ['constant', 'cosine'];

/** Lesson 1's optimiser: SGD, lr 0.05, momentum 0.9, Nesterov, global-norm clip 0.5, decay 1e-6. */
export const LESSON1_SGD: OptimizerSettings = { kind: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: true, decay: 1e-6, clipNorm: 0.5 };

/** Lesson 2's optimiser: Adam with Keras defaults. */
export const LESSON2_ADAM: OptimizerSettings = { kind: 'adam', learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
