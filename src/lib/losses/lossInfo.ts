/**
 * The loss registry's words and rules, as plain data (no TensorFlow.js, so a lesson page can show the
 * choices without loading training code). `lossRegistry.ts` pairs each entry with its function.
 */
import type { TargetKind } from '../data/types';
import { SettingsError } from '../errors';

export type { TargetKind };

/** How a loss is named, explained and drawn. */
export interface LossInfo {
  name: string;
  /** As a settings form lists it, e.g. "Dice loss". */
  label: string;
  /** As a chart's y axis names its curves, e.g. "cross-entropy loss". */
  axisLabel: string;
  /** One sentence on what it measures. */
  note: string;
  /** The targets it is defined for; a task offers only losses whose targets match its own. */
  targets: TargetKind;
  /** The score the loss is 1 minus, when it is one (e.g. "soft Dice"), so a loss value can be read as that score. */
  complement?: string;
}

const info = {
  dice: {
    name: 'dice', label: 'Dice loss', axisLabel: 'Dice loss', targets: 'binary', complement: 'soft Dice',
    note: '1 − Dice overlap of the predicted probabilities with the mask, over the whole batch; it lies between 0 and 1 whatever the size of the lung.',
  },
  bce: {
    name: 'bce', label: 'Binary cross-entropy', axisLabel: 'cross-entropy loss', targets: 'binary',
    note: 'The mean over pixels of −log of the probability given to the right answer: unbounded, so a confidently wrong pixel costs far more than an unsure one.',
  },
  mae: {
    name: 'mae', label: 'Mean absolute error (MAE)', axisLabel: 'MAE loss', targets: 'continuous',
    note: 'The mean absolute difference between predicted and true intensities.',
  },
  mse: {
    name: 'mse', label: 'Mean squared error (MSE)', axisLabel: 'MSE loss', targets: 'continuous',
    note: 'The mean squared difference between predicted and true intensities: large errors weigh more.',
  },
} as const satisfies Record<string, LossInfo>;

/** Loss names a run may use. */
export type LossName = keyof typeof info;

/** Every loss, by name: the one list of losses. */
export const LOSS_INFO: Readonly<Record<LossName, LossInfo>> = info;

/** Loss names in the order forms list them. */
export const LOSSES = Object.keys(info) as LossName[];

/** Whether `value` names a known loss. */
export function isLossName(value: unknown): value is LossName {
  return typeof value === 'string' && Object.hasOwn(info, value);
}

/** The entry of a loss; a SettingsError naming the known losses for anything else (never a silent fallback). */
export function lossInfo(name: unknown): LossInfo {
  if (!isLossName(name)) {
    throw new SettingsError(`Expected loss ${LOSSES.map((n) => `'${n}'`).join(', ')}, but got ${JSON.stringify(name)}.`, 'Name one of the course losses.');
  }
  return info[name];
}

/** The y-axis label for curves of these losses, or a neutral one when several are drawn together. */
export function lossAxisLabel(losses: readonly LossName[]): string {
  const distinct = [...new Set(losses)];
  return distinct.length === 1 ? lossInfo(distinct[0]).axisLabel : 'loss';
}
