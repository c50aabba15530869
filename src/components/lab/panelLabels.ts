/**
 * How a training panel names things: its models, its runs, and the presets that set it up.
 * Pure strings from plain settings.
 */
import type { Task } from '../../lib/data/types';
import type { ModelKind } from '../../lib/train/types';
import { taskDescriptor } from '../../lib/tasks';
import { PRESET_FIELDS, PRESET_KEYS, type PanelDefaults } from '../../course/presetFields';
import type { PanelSettings } from './runSettings';
import { LOSS_INFO } from '../../client/presets';

/** Names of the models when a lesson gives none (lessons pass their own, e.g. "A′: …", as props). */
export const GENERIC_MODEL_NAMES: Record<ModelKind, string> = {
  plain: 'Encoder-decoder without skips',
  skip: 'Encoder-decoder with skip connections',
  block: 'Block model',
};

/** The lesson's model names over the generic ones. */
export function modelNamesOf(modelNames: Partial<Record<ModelKind, string>> | undefined): Record<ModelKind, string> {
  return { ...GENERIC_MODEL_NAMES, ...modelNames };
}

/** "lesson-model-b-skips": a panel's run label as an id fragment. */
export function slug(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * A run's label: the panel's own for its model, else the model's name; "augmented" in the
 * overfitting demo, and the loss when it is not the task's default.
 */
export function runLabelFor(
  panel: { model: ModelKind; runLabel: string; modelNames?: Partial<Record<ModelKind, string>>; overfit: boolean; task: Task },
  settings: PanelSettings,
): string {
  const base = settings.model === panel.model ? panel.runLabel : modelNamesOf(panel.modelNames)[settings.model];
  const parts = [base];
  if (settings.augment && panel.overfit) parts.push('augmented');
  if (settings.loss !== taskDescriptor(panel.task).defaultLoss) parts.push(LOSS_INFO[settings.loss].label.toLowerCase());
  return parts.join(', ');
}

/** "epochs 8, learning rate 0.001": preset fields in words. */
export function describePreset(preset: PanelDefaults): string {
  return PRESET_KEYS.filter((k) => k in preset).map((k) => {
    const v = preset[k];
    const shown = typeof v === 'boolean' ? (v ? 'on' : 'off') : v === null ? 'all' : k === 'size' ? `${v}×${v}` : String(v);
    return `${PRESET_FIELDS[k].label} ${shown}`;
  }).join(', ');
}
