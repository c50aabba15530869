/**
 * The training panel every lesson demo reuses: settings chosen from this device's speed (and
 * why), start / pause / resume / stop, progress with ETA, the backend in use, live training and
 * validation curves beside the original's result, and predictions on fixed validation slices
 * after each epoch. Runs are saved in the page session, so a reload shows earlier curves.
 */
import { useEffect, useRef } from 'preact/hooks';
import { onRealGpu } from '../../client/diagnostics';
import type { Task } from '../../lib/data/types';
import type { ModelKind } from '../../lib/train/types';
import type { OverfitPlan } from '../../lib/plan/overfitDefaults';
import type { FirstRunRecipe } from '../../lib/plan/recipeDefaults';
import { dataFileForRun, offeredSizes } from '../../lib/plan/offeredSizes';
import { describeRunEstimate, estimateRun } from '../../lib/plan/runEstimate';
import { valCountOf } from '../../lib/plan/trainingDefaults';
import { measuredStep } from './measuredStep';
import ErrorAlert from '../ErrorAlert';
import LossChart from '../LossChart';
import BackendBadge from './BackendBadge';
import PredictionGallery from './PredictionGallery';
import TrainingProgress from './TrainingProgress';
import ResumeOffer from './ResumeOffer';
import TrainingSettings from './TrainingSettings';
import { describeReference, whyNotDrawn, validationFocusMax, type Reference } from './runSeries';
import { copyTrainingSettings, settingsOfConfig } from './runSettings';
import { lossAxisLabel } from '../../client/presets';
import { describeNormalization } from '../../client/presets';
import { activeRunId, dataset, engine, rerunRequest, runs, type LabRun } from './page/signals';
import { dataUrl } from './page/urls';
import { ensureDataset, loadingMessage, retryDataset } from './page/datasetLoading';
import { ofTask, restoreRuns } from './page/runHistory';
import { useHydrated } from './useHydrated';
import { useTrainingRun } from './useTrainingRun';
import { usePanelChart } from './usePanelChart';
import { usePanelSettings } from './usePanelSettings';
import { modelNamesOf, runLabelFor, slug } from './panelLabels';
import PresetNotes from './PresetNotes';
import RunNumbers from './RunNumbers';
import BaselineVerdict from './BaselineVerdict';
import type { PanelDefaults, PresetKey } from '../../course/presetFields';
import '../widgets.css';
import './lab.css';

export interface TrainingPanelProps {
  lesson: string;
  task: Task;
  model: ModelKind;
  /** Names this panel's runs, e.g. "Model A′ (no skips)". */
  runLabel: string;
  /** File in public/data/ (e.g. 'lung-ct-128.h5'). */
  dataFile: string;
  allowModelChoice?: boolean;
  /** The lesson's names of the models (e.g. "A′: encoder-decoder without skips"); generic names otherwise. */
  modelNames?: Partial<Record<ModelKind, string>>;
  /** A sentence closing the explanation of the suggested settings, e.g. how the original trained. */
  comparison?: string;
  /** Set up the panel for an overfitting demo: this subset, epochs, loss and learning rate. */
  overfit?: OverfitPlan;
  /** The lesson's fixed first run on a CPU (the same on every visit), e.g. the run it asks the learner to evaluate. */
  recipe?: FirstRunRecipe;
  /** Training slices of the lesson's built-in file (a smaller file's first run is sized by steps). */
  courseTrainCount?: number;
  /** The original's result: one faint marker when the chart's loss is its quantity, else listed under the chart; no curve is invented. */
  reference?: Reference;
  /** Heading level of the panel's title (3 by default; 4 inside another widget). */
  headingLevel?: 3 | 4;
  /** The panel's id in the course configuration (src/course/catalog.ts), for URL presets such as `?model-b.epochs=8`. */
  panelId?: string;
  /** First settings from the course configuration, over the lesson's own, field by field. */
  preset?: PanelDefaults;
  /** The configuration file the preset came from, as the panel names it. */
  presetSource?: string;
  /** Settings controls the configuration hides (their values still apply). */
  hiddenControls?: PresetKey[];
  /** The lesson's 256² file, trained on when a real GPU is in use and 256×256 is picked. */
  largeDataFile?: string | null;
  /** Plain URL keys (`?epochs=8`) apply to this panel. */
  mainPanel?: boolean;
  /** Ids of the lesson's training panels on this page. */
  pagePanels?: string[];
  /** This panel also reports URL parameters that fit no panel. */
  reportsUnknownParams?: boolean;
}

const IDLE = { state: 'idle' } as const;

export default function TrainingPanel(props: TrainingPanelProps) {
  const { lesson, task, model, dataFile, allowModelChoice = false, overfit, recipe, comparison, reference, headingLevel = 3 } = props;
  const { panelId, preset: configPreset = {}, presetSource = 'the course configuration', hiddenControls = [], largeDataFile = null, mainPanel = false, pagePanels = [], reportsUnknownParams = false, courseTrainCount } = props;
  const panel = `${lesson}-${slug(props.runLabel)}`;
  const run = useTrainingRun(panel);
  const startButton = useRef<HTMLButtonElement>(null);
  const pauseButton = useRef<HTMLButtonElement>(null);

  const hydrated = useHydrated();
  const engineState = hydrated ? engine.value : IDLE;
  const data = hydrated ? dataset.value : IDLE;
  const summary = data.state === 'ready' ? data.summary : null;
  const report = engineState.state === 'ready' ? engineState.report : null;
  const realGpu = report !== null && onRealGpu(report);
  const learnerFile = data.state === 'ready' && data.url === null;
  const sizes = offeredSizes({ dataSize: summary?.height ?? 128, realGpu, largeDataFile, learnerFile });
  const plan = usePanelSettings({ task, model, overfit, recipe, courseTrainCount, comparison, configPreset, panelId, mainPanel, pagePanels, reportsUnknownParams, report, summary, sizes });
  const { settings, change, suggestion, refusedSize, presetEstimate, urlPreset, trainCount } = plan;
  const shape = { model: settings.model, size: settings.size, batchSize: settings.batchSize };

  useEffect(() => {
    restoreRuns(lesson);
    // Start the engine and fetch the data while the learner reads; failures show in the panel.
    ensureDataset({ url: dataUrl(dataFile) }, task).catch(() => undefined);
  }, [lesson, dataFile, task]);

  // "Train again with these settings" from a run's record in the comparison.
  const rerun = hydrated ? rerunRequest.value : null;
  useEffect(() => {
    if (!rerun || rerun.panel !== panel) return;
    const next = settingsOfConfig(rerun.config);
    change(allowModelChoice ? next : { ...next, model: settings.model });
    rerunRequest.value = null;
    startButton.current?.focus({ preventScroll: true });
  }, [rerun]);

  // The run shown: the live one, else this panel's latest saved run.
  const allRuns = hydrated ? runs.value : [];
  const activeId = hydrated ? activeRunId.value : null;
  const mine = allRuns.filter((r) => r.panel === panel);
  const shown: LabRun | null = (run.currentId ? mine.find((r) => r.id === run.currentId) : null) ?? mine.at(-1) ?? null;
  const live = run.live;
  const other = activeId !== null && activeId !== run.currentId;
  const otherLabel = other ? allRuns.find((r) => r.id === activeId)?.label : undefined;
  const running = live !== null;
  const canPause = live !== null && (live.phase === 'running' || live.phase === 'paused');
  const canStop = live !== null && live.phase !== 'preparing' && live.phase !== 'stopping';

  // Keep keyboard focus on a usable control as buttons enable and disable.
  useEffect(() => {
    const active = document.activeElement;
    if (running && canPause && active === startButton.current) pauseButton.current?.focus();
    if (!running && active === pauseButton.current) startButton.current?.focus();
  }, [running, canPause]);

  // This run's measured step calibrates every estimate on the page (the settings are fixed while it trains).
  const liveStep = live?.msPerStep ?? null;
  useEffect(() => {
    if (liveStep !== null && report) measuredStep.value = { ...shape, msPerStep: liveStep, backend: report.backend, threads: report.threads };
  }, [liveStep]);
  const measured = hydrated ? measuredStep.value : null;
  const runEstimate = plan.speed && trainCount !== null
    ? estimateRun({ speed: plan.speed, measured, settings, trainCount, valCount: valCountOf({ trainCount, valCount: plan.valCount ?? undefined }) })
    : null;

  const lastOther = allRuns.filter((r) => r.panel !== panel && ofTask(task)(r) && r.status !== 'failed').at(-1);

  const start = () => {
    if (running || other) return;
    const file = learnerFile ? dataFile : dataFileForRun({ size: settings.size, realGpu, dataFile, largeDataFile });
    void run.start({ panel, lesson, label: runLabelFor({ ...props, overfit: overfit !== undefined }, settings), task, dataFile: file, settings });
  };
  const unfinished = run.unfinished;
  const resumeUnfinished = () => {
    if (!unfinished || running || other) return;
    const kept = settingsOfConfig(unfinished.config);
    plan.replace(kept);
    void run.start({ panel, lesson, label: unfinished.run.label, task, dataFile, settings: kept }, unfinished);
  };

  const { series, chartLoss, lastEpoch, referencePast, referenceDrawn, baselineSpec, baseline, baselineValue, baselineDrawn } = usePanelChart({ task, reference, shown, live, currentId: run.currentId, settings });

  const Heading = headingLevel === 4 ? 'h4' : 'h3';
  const dataError = data.state === 'failed' ? data.error : engineState.state === 'failed' ? engineState.error : null;

  return (
    <section class="widget training-panel" aria-labelledby={`${panel}-title`}>
      <Heading id={`${panel}-title`} class="widget__title">Train: {props.runLabel}</Heading>
      <BackendBadge idPrefix={panel} shape={shape} />
      <TrainingSettings idPrefix={panel} task={task} settings={settings} onChange={change} disabled={running} sizes={sizes} allowModelChoice={allowModelChoice} modelNames={modelNamesOf(props.modelNames)} trainCount={trainCount}
        normalization={summary ? describeNormalization(summary.normalization) : null} hidden={hiddenControls} />
      <PresetNotes configPreset={configPreset} presetSource={presetSource} urlPreset={urlPreset} refusedSize={refusedSize} size={settings.size} presetEstimate={presetEstimate} />
      {settings.size > 128 && realGpu && largeDataFile !== null && !learnerFile && (
        <p class="widget__note" data-testid="large-data-note">At {settings.size}×{settings.size} this run trains on the lesson’s {settings.size}² file ({largeDataFile.split('/').pop()}), downloaded when you start: four times the pixels of 128×128, so each step takes about four times as long and needs about four times the memory.</p>
      )}
      <div class="training-panel__why">
        {suggestion ? <p class="widget__note">{suggestion.explanation}</p>
          : <p class="widget__note">{data.state === 'loading' ? `${loadingMessage(data)} Then this device is timed, to suggest settings.` : 'Settings are suggested once the data has loaded.'}</p>}
        {suggestion && runEstimate && !running && <p class="widget__note" data-testid="run-estimate">{describeRunEstimate(runEstimate)}</p>}
        <div class="button-row">
          {suggestion && plan.touched && !running && (
            <button type="button" class="button button--quiet" onClick={plan.applySuggestion}>Use the suggested settings</button>
          )}
          {lastOther && !running && (
            <button type="button" class="button button--quiet"
              onClick={() => change(copyTrainingSettings(lastOther.config, overfit !== undefined))}>
              {overfit ? `Same training settings as “${lastOther.label}” (keeps this demo's ${settings.trainLimit ?? overfit.trainSlices} slices and ${settings.epochs} epochs)` : `Same settings as “${lastOther.label}”`}
            </button>
          )}
        </div>
      </div>
      <div class="button-row training-panel__controls">
        <button ref={startButton} type="button" class="button" aria-disabled={running || other} onClick={start}>
          {shown && !running ? 'Train again' : 'Start training'}
        </button>
        <button ref={pauseButton} type="button" class="button button--quiet" aria-disabled={!canPause}
          onClick={() => canPause && (live?.phase === 'paused' ? run.resume() : run.pause())}>
          {live?.phase === 'paused' || live?.phase === 'resuming' ? 'Resume' : 'Pause'}
        </button>
        <button type="button" class="button button--quiet" aria-disabled={!canStop} onClick={() => canStop && run.stop()}>Stop</button>
      </div>
      {other && <p class="widget__note">Another run is training on this page{otherLabel ? ` (“${otherLabel}”)` : ''}. The engine trains one model at a time: wait for it to finish or stop it there.</p>}
      {unfinished && !running && !other && (
        <ResumeOffer unfinished={unfinished} ownFile={unfinished.dataset.name !== dataFile} onResume={resumeUnfinished} onDiscard={() => void run.discard()} />
      )}
      {live && <TrainingProgress live={live} idPrefix={panel} />}
      {live && live.phase !== 'preparing' && !live.checkpointNotice && (
        <p class="widget__note">Closing or reloading the page stops this run (the browser asks first); it can then be resumed from its last completed epoch.</p>
      )}
      <p class="training-panel__status" aria-live="polite">{run.announcement}</p>
      <ErrorAlert error={run.error ?? (running ? null : dataError)} onDismiss={run.error ? run.dismissError : undefined}
        onRetry={!run.error && dataError ? () => retryDataset(dataFile, task) : undefined} />
      {run.lost && !other && (
        <div class="button-row training-panel__lost">
          <button type="button" class="button" onClick={() => void run.continueOnWasm()}>
            {run.lost.unfinished ? `Continue on WebAssembly from epoch ${run.lost.unfinished.epochsCompleted}` : 'Start again on WebAssembly'}
          </button>
          <p class="widget__note">
            {run.lost.unfinished
              ? `The curves so far and the settings stay; the run goes on with epoch ${run.lost.unfinished.epochsCompleted + 1} on the processor (slower than a GPU).`
              : 'No epoch had finished, so the run starts again with the same settings, on the processor (slower than a GPU).'}
          </p>
        </div>
      )}
      {shown && <RunNumbers run={shown} task={task} />}
      {reference && (referenceDrawn
        ? (
          <p class="widget__note">
            The faint star at epoch {reference.epoch}: {describeReference(reference)}, drawn as {lossAxisLabel([chartLoss])} {reference.onLossAxis!.value.toFixed(2)}.
            Only that final value was reported, so there is no curve of it; it comes from other data, so compare orders of magnitude, not decimals.
          </p>
        )
        : <p class="widget__note">For comparison, not drawn ({referencePast && whyNotDrawn(reference, [chartLoss], lossAxisLabel([chartLoss])) === '' ? `it was measured after epoch ${reference.epoch}, past this run's ${lastEpoch}` : whyNotDrawn(reference, [chartLoss], lossAxisLabel([chartLoss]))}): {describeReference(reference)}.</p>)}
      {baselineSpec && (
        <p class="widget__note training-panel__baseline">
          {baselineValue === null
            ? `${baselineSpec.label}: computing its validation score from the training split…`
            : <>Dashed grey line: the {baselineSpec.label.charAt(0).toLowerCase() + baselineSpec.label.slice(1)} ({baselineSpec.description}), fitted on the {baseline?.trainCount} training slices at {baseline?.height}×{baseline?.width} in this page.
              Its validation MAE is <strong>{baselineValue.toFixed(4)}</strong>{baselineDrawn ? '' : ` (not drawn: this chart shows ${lossAxisLabel([chartLoss])}, another quantity)`}; a network has to get below it to be worth its training time.</>}
        </p>
      )}
      {!running && <BaselineVerdict task={task} run={shown} baseline={baseline} />}
      <LossChart series={series} yLabel={lossAxisLabel([chartLoss])} title={`Loss per epoch: ${shown?.label ?? props.runLabel}`} maxEpoch={shown?.config.epochs ?? settings.epochs} xMin={0}
        yMax={overfit ? validationFocusMax(series) : undefined} />
      <p class="widget__note">
        Solid line: training loss, the average over each epoch's batches. Line with diamonds: validation loss, measured once at the end of each epoch.
        Thin dotted line: the running average of the training loss as the epoch goes on.
        {overfit && ' The y axis stops just above the highest validation loss, so the first epochs of training loss run off the top.'}
      </p>
      <PredictionGallery frames={run.frames} task={task} epochs={live?.epochs ?? shown?.config.epochs ?? settings.epochs} idPrefix={panel} />
      {shown && !running && run.frames.length === 0 && shown.history.length > 0 && (
        <p class="widget__note">Predictions appear here during a run. After a reload the page keeps every run’s curves and each run’s trained model (the newest few, for the evaluation below), but not these pictures.</p>
      )}
    </section>
  );
}
