/**
 * The training panel's form: model, loss, optimiser, learning rate, epochs, batch size, image size,
 * training subset, augmentation, intensity augmentation and seed. It edits plain settings; the engine validates them.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Task } from '../../lib/data/types';
import type { LearningRateScheduleName, LossName, ModelKind } from '../../lib/train/types';
import { formatCount } from '../../lib/format';
import { taskDescriptor } from '../../lib/tasks';
import { AUGMENT_DESCRIPTION, defaultLearningRate, newSeed, type NormalizationChoice, type OptimizerChoice, type PanelSettings } from './runSettings';
import { taskAllows } from '../../course/presetFields';
import { describeIntensityChanges, describeNormalization, LEARNING_RATE_SCHEDULES, LOSS_INFO, normalizationEntry, OPTIMIZER_KINDS, OPTIMIZERS, parseNormalization, SCHEDULES } from '../../client/presets';

export interface TrainingSettingsProps {
  idPrefix: string;
  task: Task;
  settings: PanelSettings;
  onChange: (next: Partial<PanelSettings>) => void;
  disabled: boolean;
  sizes: number[];
  allowModelChoice: boolean;
  /** What the lesson calls each model. */
  modelNames: Record<ModelKind, string>;
  /** Training slices in the loaded data, for the subset field's hint; null before it loads. */
  trainCount: number | null;
  /** The input normalisation the file's units call for, in words; null before the data loads. */
  normalization?: string | null;
  /** Controls not shown (the course configuration's hideControls); their values still apply. */
  hidden?: readonly (keyof PanelSettings)[];
}

/** A number input that keeps what the learner types ("0.", "") and reports the parsed value (NaN when empty). */
function NumberField({ id, label, value, onValue, disabled, step = 'any', min, placeholder }: {
  id: string; label: string; value: number | null; onValue: (v: number | null) => void; disabled: boolean; step?: string; min?: number; placeholder?: string;
}) {
  const shown = (v: number | null) => (v === null || Number.isNaN(v) ? '' : String(v));
  const [text, setText] = useState(shown(value));
  useEffect(() => {
    const parsed = text.trim() === '' ? null : Number(text);
    if (parsed !== value && !(Number.isNaN(parsed) && Number.isNaN(value))) setText(shown(value));
  }, [value]);
  return (
    <label class="field" for={id}>
      <span>{label}</span>
      <input id={id} type="number" inputMode="decimal" step={step} min={min} value={text} disabled={disabled} placeholder={placeholder}
        onInput={(e) => {
          const raw = (e.currentTarget as HTMLInputElement).value;
          setText(raw);
          onValue(raw.trim() === '' ? null : Number(raw));
        }} />
    </label>
  );
}

export default function TrainingSettings({ idPrefix, task, settings, onChange, disabled, sizes, allowModelChoice, modelNames, trainCount, normalization = null, hidden = [] }: TrainingSettingsProps) {
  const id = (name: string) => `${idPrefix}-${name}`;
  const show = (control: keyof PanelSettings) => !hidden.includes(control);
  const choice = settings.normalization ?? 'auto';
  const num = (key: 'learningRate' | 'epochs' | 'batchSize' | 'seed') => (v: number | null) => onChange({ [key]: v ?? Number.NaN });
  const descriptor = taskDescriptor(task);
  const sizeOptions = sizes.includes(settings.size) ? sizes : [...sizes, settings.size].sort((a, b) => a - b);
  return (
    <fieldset class="training-settings" disabled={disabled}>
      <legend>Settings</legend>
      <div class="training-settings__grid">
        {!show('model') ? null : allowModelChoice ? (
          <label class="field training-settings__wide" for={id('model')}>
            <span>Model</span>
            <select id={id('model')} value={settings.model} onChange={(e) => onChange({ model: (e.currentTarget as HTMLSelectElement).value as ModelKind })}>
              {(Object.keys(modelNames) as ModelKind[]).map((m) => <option key={m} value={m}>{modelNames[m]}</option>)}
            </select>
          </label>
        ) : (
          <p class="field training-settings__wide"><span>Model</span>{modelNames[settings.model]}</p>
        )}
        {show('loss') && <label class="field training-settings__wide" for={id('loss')}>
          <span>Loss</span>
          <select id={id('loss')} value={settings.loss} onChange={(e) => onChange({ loss: (e.currentTarget as HTMLSelectElement).value as LossName })}>
            {descriptor.losses.map((l) => <option key={l} value={l}>{LOSS_INFO[l].label}</option>)}
          </select>
        </label>}
        {show('optimizer') && <label class="field training-settings__wide" for={id('optimizer')}>
          <span>Optimiser</span>
          <select id={id('optimizer')} value={settings.optimizer}
            onChange={(e) => {
              const optimizer = (e.currentTarget as HTMLSelectElement).value as OptimizerChoice;
              onChange({ optimizer, learningRate: defaultLearningRate(optimizer) });
            }}>
            {OPTIMIZER_KINDS.map((k) => <option key={k} value={k}>{OPTIMIZERS[k].label}</option>)}
          </select>
        </label>}
        {show('learningRate') && <NumberField id={id('lr')} label="Learning rate" value={settings.learningRate} onValue={num('learningRate')} disabled={disabled} />}
        {show('schedule') && <label class="field training-settings__wide" for={id('schedule')}>
          <span>Learning-rate schedule</span>
          <select id={id('schedule')} value={settings.schedule} disabled={disabled} onChange={(e) => onChange({ schedule: (e.currentTarget as HTMLSelectElement).value as LearningRateScheduleName })}>
            {LEARNING_RATE_SCHEDULES.map((k) => <option key={k} value={k}>{SCHEDULES[k].label}</option>)}
          </select>
        </label>}
        {show('epochs') && <NumberField id={id('epochs')} label="Epochs" value={settings.epochs} onValue={num('epochs')} disabled={disabled} step="1" min={1} />}
        {show('batchSize') && <NumberField id={id('batch')} label="Batch size" value={settings.batchSize} onValue={num('batchSize')} disabled={disabled} step="1" min={1} />}
        {show('size') && <label class="field" for={id('size')}>
          <span>Image size</span>
          <select id={id('size')} value={String(settings.size)} onChange={(e) => onChange({ size: Number((e.currentTarget as HTMLSelectElement).value) })}>
            {sizeOptions.map((s) => <option key={s} value={String(s)}>{s}×{s}</option>)}
          </select>
        </label>}
        {show('trainLimit') && <NumberField id={id('subset')} label="Training slices" value={settings.trainLimit} disabled={disabled} step="1" min={1}
          placeholder={trainCount !== null ? `all ${formatCount(trainCount)}` : 'all'}
          onValue={(v) => onChange({ trainLimit: v })} />}
        {show('normalization') && (
          <label class="field training-settings__wide" for={id('normalization')}>
            <span>Normalise the input</span>
            <select id={id('normalization')} value={choice} disabled={disabled} onChange={(e) => onChange({ normalization: (e.currentTarget as HTMLSelectElement).value as NormalizationChoice })}>
              {taskAllows(task).normalizations.map((n) => (
                <option key={n} value={n}>{normalizationEntry(n as NormalizationChoice).label}</option>
              ))}
            </select>
          </label>
        )}
        <p class="field training-settings__wide" data-testid="normalization"><span>This run normalises with</span>{choice === 'auto' ? (normalization ?? 'chosen once the data has loaded') : describeNormalization(parseNormalization(choice))}</p>
        {show('seed') && <div class="training-settings__seed">
          <NumberField id={id('seed')} label="Seed" value={settings.seed} onValue={num('seed')} disabled={disabled} step="1" min={0} />
          <button type="button" class="button button--quiet" onClick={() => onChange({ seed: newSeed(Math.random()) })}>New seed</button>
        </div>}
      </div>
      <p class="training-settings__note">
        {LOSS_INFO[settings.loss].note}{' '}
        {OPTIMIZERS[settings.optimizer].note}{' '}
        {SCHEDULES[settings.schedule].note}
      </p>
      {show('augment') && <label class="field field--check" for={id('augment')}>
        <input id={id('augment')} type="checkbox" checked={settings.augment} onChange={(e) => onChange({ augment: (e.currentTarget as HTMLInputElement).checked })} />
        <span>Augment training batches ({AUGMENT_DESCRIPTION})</span>
      </label>}
      {show('intensityAugment') && descriptor.intensityChanges.length > 0 && <label class="field field--check" for={id('intensity')}>
        <input id={id('intensity')} type="checkbox" checked={settings.intensityAugment} onChange={(e) => onChange({ intensityAugment: (e.currentTarget as HTMLInputElement).checked })} />
        <span>Intensity augmentation ({describeIntensityChanges(descriptor.intensityChanges)} of the {descriptor.labels.input}, each for some of the samples, as another scanner might give them; the {descriptor.labels.target} stays as it is)</span>
      </label>}
    </fieldset>
  );
}
