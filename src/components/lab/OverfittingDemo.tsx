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
import type { OverfitPlan } from '../../lib/plan/overfitDefaults';
import type { ModelKind } from '../../lib/train/types';
import { taskDescriptor } from '../../lib/tasks';
import { describeOverfitting, historySeries, modelColour, validationFocusMax } from './runSeries';
import { LOSS_INFO, lossAxisLabel, lossNameOf } from '../../client/presets';
import { runs, type LabRun } from './page/signals';
import { ofTask, restoreRuns } from './page/runHistory';
import { useHydrated } from './useHydrated';
import '../widgets.css';
import './lab.css';

export interface OverfittingDemoProps {
  lesson: string;
  dataFile: string;
  task?: Task;
  /** The demo's run: subset, epochs, loss, learning rate (the lesson's measured choice). */
  plan: OverfitPlan;
  /** The lesson's names of the models. */
  modelNames?: Partial<Record<ModelKind, string>>;
}

function Verdict({ run, title }: { run: LabRun | undefined; title: string }) {
  if (!run) return <p><strong>{title}:</strong> not trained yet.</p>;
  const { kind, text } = describeOverfitting(run.history);
  return (
    <p>
      <strong>{title}</strong> ({run.history.length} epochs, {run.config.trainLimit ?? 'all'} training slices, {LOSS_INFO[lossNameOf(run.config)].label.toLowerCase()}, seed {run.config.seed}):{' '}
      {kind === 'rising' && <strong>validation loss is rising. </strong>}
      {kind === 'gap' && <strong>a large gap. </strong>}
      {text}
    </p>
  );
}

export default function OverfittingDemo({ lesson, dataFile, task = 'segmentation', plan, modelNames }: OverfittingDemoProps) {
  const { trainSlices, epochs } = plan;
  const lessonLoss = LOSS_INFO[taskDescriptor(task).defaultLoss].label;
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
        <li>Train the block model on only {trainSlices} training slices for {epochs} epochs, without augmentation, scored with {plan.lossWords}. Watch the training loss keep going down while the validation loss reaches its lowest point and then climbs.</li>
        <li>Tick <em>Augment training batches</em>, keep the seed, and train again. Every epoch now sees new random variations of the same {trainSlices} slices. Compare the two validation curves.</li>
        <li>If you are curious, switch the loss to {lessonLoss} and repeat the first run: the same memorising may show as a gap that levels off rather than as a rise.</li>
      </ol>
      <TrainingPanel lesson={lesson} task={task} model="block" runLabel={`Block model on ${trainSlices} slices`} dataFile={dataFile} overfit={plan} modelNames={modelNames} headingLevel={4} />
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
