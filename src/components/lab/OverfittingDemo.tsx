/**
 * Lesson 1's bonus: the block model on a tiny training subset for many epochs, scored with
 * cross-entropy, so validation loss turns upwards while training loss keeps falling; then the same
 * run with augmentation. The panel trains; below it, the latest run of each kind (with the loss of
 * the latest run, so one chart never mixes losses) side by side with a verdict in words.
 */
import { useEffect, useMemo } from 'preact/hooks';
import type { Task } from '../../lib/data/types';
import LossChart, { type ChartSeries } from '../LossChart';
import TrainingPanel from './TrainingPanel';
import { OVERFIT_EPOCHS, OVERFIT_TRAIN_SLICES } from './defaults';
import { describeOverfitting, historySeries, modelColour, validationFocusMax } from './runSeries';
import { LOSS_NAMES, lossAxisLabel } from './runSettings';
import { lossNameOf } from '../../client/presets';
import { ofTask, restoreRuns, runs, type LabRun } from './session';
import { useHydrated } from './useHydrated';
import '../widgets.css';
import './lab.css';

export interface OverfittingDemoProps {
  lesson: string;
  dataFile: string;
  task?: Task;
}

function Verdict({ run, title }: { run: LabRun | undefined; title: string }) {
  if (!run) return <p><strong>{title}:</strong> not trained yet.</p>;
  const { kind, text } = describeOverfitting(run.history);
  return (
    <p>
      <strong>{title}</strong> ({run.history.length} epochs, {(run.config as { trainLimit?: number }).trainLimit ?? 'all'} training slices, {LOSS_NAMES[lossNameOf(run.config)].toLowerCase()}, seed {run.config.seed}):{' '}
      {kind === 'rising' && <strong>validation loss is rising. </strong>}
      {kind === 'gap' && <strong>a large gap. </strong>}
      {text}
    </p>
  );
}

export default function OverfittingDemo({ lesson, dataFile, task = 'segmentation' }: OverfittingDemoProps) {
  useEffect(() => restoreRuns(lesson), [lesson]);
  const hydrated = useHydrated();
  const allBlockRuns = (hydrated ? runs.value : []).filter((r) => r.model === 'block' && ofTask(task)(r) && r.history.length > 0);
  // Compare like with like: the loss of the latest block run decides which runs are drawn.
  const loss = allBlockRuns.length > 0 ? lossNameOf(allBlockRuns.at(-1)!.config) : null;
  const blockRuns = allBlockRuns.filter((r) => lossNameOf(r.config) === loss);
  const plainRun = blockRuns.filter((r) => r.config.augment === null).at(-1);
  const augmentedRun = blockRuns.filter((r) => r.config.augment !== null).at(-1);

  const series = useMemo<ChartSeries[]>(() => {
    const lines: ChartSeries[] = [];
    if (plainRun) {
      const c = modelColour('block', false);
      lines.push(...historySeries(plainRun.history, { label: 'Without augmentation', trainColour: c, validationColour: c }));
    }
    if (augmentedRun) {
      const c = modelColour('block', true);
      lines.push(...historySeries(augmentedRun.history, { label: 'With augmentation', trainColour: c, validationColour: c }));
    }
    return lines;
  }, [plainRun, augmentedRun]);

  return (
    <section class="widget overfitting-demo" aria-labelledby={`${lesson}-overfitting-title`}>
      <h3 id={`${lesson}-overfitting-title`} class="widget__title">Watch a model overfit, then fix it</h3>
      <ol class="overfitting-steps">
        <li>Train the block model on only {OVERFIT_TRAIN_SLICES} training slices for {OVERFIT_EPOCHS} epochs, without augmentation, scored with cross-entropy. Watch the training loss keep going down while the validation loss reaches its lowest point and then climbs.</li>
        <li>Tick <em>Augment training batches</em>, keep the seed, and train again. Every epoch now sees new random variations of the same {OVERFIT_TRAIN_SLICES} slices. Compare the two validation curves.</li>
        <li>If you are curious, switch the loss to Dice and repeat the first run: the same memorising shows as a gap that levels off, not as a rise.</li>
      </ol>
      <TrainingPanel lesson={lesson} task={task} model="block" runLabel={`Block model on ${OVERFIT_TRAIN_SLICES} slices`} dataFile={dataFile} preset="overfit" headingLevel={4} />
      <h4>Without and with augmentation</h4>
      <div class="overfitting-verdict">
        <Verdict run={plainRun} title="Without augmentation" />
        <Verdict run={augmentedRun} title="With augmentation" />
      </div>
      {series.length > 0
        ? (
          <>
            <LossChart series={series} yLabel={lossAxisLabel(loss ? [loss] : [])} yMax={validationFocusMax(series)} title="Block model: training and validation loss without and with augmentation" />
            <p class="widget__note">The y axis stops just above the highest validation loss, so that a rise of a few hundredths shows; the training loss of the first epochs runs off the top.</p>
          </>
        )
        : <p class="widget__note">Your two runs will be drawn here on one chart once they have finished an epoch.</p>}
    </section>
  );
}
