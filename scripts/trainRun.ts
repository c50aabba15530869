/** npm run train -- --data …: trains a lesson model through the engine, then tests, compares, saves and records it. */
import { version_wasm } from '@tensorflow/tfjs-backend-wasm';
import type { Task } from '../src/lib/data/types';
import { DEFAULT_AUGMENT } from '../src/lib/augment/augmentConfig';
import type { EngineApi, KeepCheckpoints, TrainParams } from '../src/lib/engine/protocol';
import { baselineVerdict, compareMetrics, createRunConfig, intensityAugmentOf, taskDescriptor, taskNames } from '../src/lib/tasks';
import type { BackendReport } from '../src/lib/train/backend';
import { formatDuration } from '../src/lib/format';
import { OPTIMIZERS } from '../src/lib/train/optimizerRegistry';
import type { FitResult, ModelKind, RunConfig, TrainingEvent } from '../src/lib/train/types';
import type { DatasetSummary } from '../src/lib/engine/protocol';
import { runConfigOfSettings } from '../src/lib/plan/runConfigOfSettings';
import { loadDataFile, taskOfDataFile, writeJson, writeModelDir } from './cliFiles';
import { applyFlags, cliDeviceSpeed, coursePresetOf, defaultsBlock, defaultsSource, pageDefaultRun } from './trainDefaults';
import { UsageError, type TrainArgs } from './trainArgs';
import { epochLine, formatMetrics, metricsOf, runStartLines, volumeLines } from './trainOutput';

/** The key of the command line's one unfinished run: `<checkpoint-dir>/latest.ckpt`. */
export const CHECKPOINT_KEY = 'latest';
/** The engine's id of the command's run (pause/stop name it). */
const RUN_ID = 1;

/** The run the arguments ask for: the task's defaults, then the flags. */
export function runConfigFrom(args: TrainArgs, task: Task, size: { height: number; width: number }): RunConfig {
  const defaults = createRunConfig(task);
  const optimizer = { ...(args.optimizer === undefined ? defaults.optimizer : OPTIMIZERS[args.optimizer].preset) };
  if (args.lr !== undefined) optimizer.learningRate = args.lr;
  if (args.schedule !== undefined) optimizer.schedule = args.schedule;
  return createRunConfig(task, {
    model: (args.model ?? 'skip') as ModelKind,
    ...(args.loss === undefined ? {} : { loss: args.loss }),
    optimizer,
    epochs: args.epochs ?? defaults.epochs,
    batchSize: args.batch ?? defaults.batchSize,
    seed: args.seed ?? 1,
    augment: args.augment ? { ...DEFAULT_AUGMENT } : null,
    ...(args.intensityAugment ? { intensityAugment: intensityAugmentOf(task) } : {}),
    ...size,
    ...(args.limitTrain === undefined ? {} : { trainLimit: args.limitTrain }),
  });
}

/** --defaults: the page's default run for this file, printed first, each explicit flag over one setting. */
async function defaultsConfig(args: TrainArgs, task: Task, summary: DatasetSummary, backend: BackendReport): Promise<RunConfig> {
  const source = defaultsSource(task, args.model);
  const speed = cliDeviceSpeed(backend);
  const { preset, note } = await coursePresetOf(source);
  const run = pageDefaultRun({ task, summary, speed, source, preset });
  const modelPickedPanel = source.panel !== null && args.model === source.model;
  const overridden = applyFlags(run.settings, args, modelPickedPanel);
  for (const line of defaultsBlock({ task, source, speed, run, presetNote: note, settings: run.settings })) console.log(line);
  if (args.normalization) overridden.lines.push(`  --normalization overrides normalization: ${run.settings.normalization ?? 'auto'} → ${args.normalization.kind}`);
  if (overridden.lines.length > 0) for (const line of ['Explicit flags over the defaults:', ...overridden.lines]) console.log(line);
  return runConfigOfSettings(overridden.settings, { task, displaySlices: [] });
}

/** Checkpoints in --checkpoint-dir outlive the run (a finished or stopped run can be resumed with more epochs). */
function keepCheckpoints(dataPath: string): KeepCheckpoints {
  return { key: CHECKPOINT_KEY, run: { id: 'cli', label: 'npm run train', startedAt: new Date().toISOString() }, dataset: { name: dataPath }, keepAfterRun: true };
}

/** Trains as the arguments say on an engine started with the checkpoint directory (if any); prints and records the run. */
export async function trainFromArgs(engine: EngineApi, backend: BackendReport, args: TrainArgs): Promise<void> {
  const start = performance.now();
  const dataPath = args.data ?? '';
  const inferred = args.task ? null : await taskOfDataFile(engine, dataPath, taskNames());
  const task = args.task ?? inferred!.task;
  if (inferred) console.log(`Task: ${task} (--task not given; from the file: ${inferred.reason})`);
  const summary = await loadDataFile(engine, { path: dataPath, task });
  const requested = args.defaults
    ? await defaultsConfig(args, task, summary, backend)
    : runConfigFrom(args, task, { height: args.size ?? summary.height, width: args.size ?? summary.width });
  if (args.resume && (await engine.unfinishedRuns({ key: CHECKPOINT_KEY })).length === 0) {
    throw new UsageError(`--resume: no checkpoint "${CHECKPOINT_KEY}" in ${args.checkpointDir}.`);
  }
  const params: TrainParams = {
    config: args.normalization ? { ...requested, normalization: args.normalization } : requested,
    ...(args.checkpointDir ? { keep: keepCheckpoints(dataPath) } : {}),
    // A resumed command-line run takes this command's settings (e.g. more epochs), as it always has.
    ...(args.resume ? { resumeKey: CHECKPOINT_KEY, resumeWith: 'config' as const } : {}),
  };
  let stopAsked = false;
  let stopSent = false;
  const stop = () => {
    stopSent = true;
    engine.stop({ runId: RUN_ID }).catch(() => undefined);
  };
  const onSigint = () => {
    console.log('\nStopping at the next batch boundary (Ctrl+C again to quit at once)…');
    stopAsked = true;
    stop();
  };
  process.once('SIGINT', onSigint);
  const seen: { start?: Extract<TrainingEvent, { type: 'run-start' }> } = {};
  const onEvent = (event: TrainingEvent) => {
    // A Ctrl+C that came before the run was registered is delivered at its first batch.
    if (stopAsked && !stopSent && event.type === 'batch-end') stop();
    if (event.type === 'run-start') {
      seen.start = event;
      for (const line of runStartLines(event, summary.units)) console.log(line);
    }
    if (event.type === 'epoch-end') console.log(epochLine(event));
  };
  try {
    const result: FitResult = await engine.train(params, { requestId: RUN_ID, onEvent });
    // The settings the run trained with (its normalisation resolved), as the engine reported them.
    const config = seen.start?.config ?? requested;
    if (result.stoppedEarly) console.log(`Stopped after ${result.history.length} complete epochs.`);
    const testCount = summary.splits.find((s) => s.split === 'test')?.count ?? 0;
    const test = testCount > 0 ? metricsOf(await engine.evaluate({ split: 'test', batchSize: config.batchSize })) : null;
    if (test) for (const line of [`test: ${formatMetrics(test)}`, ...volumeLines(test)]) console.log(line);
    const baseline = taskDescriptor(task).baseline;
    if (test && baseline) {
      // The page's baseline at the run's size, in stored units (fitted on the whole training split).
      const table = (await engine.lookupBaseline({ height: config.height, width: config.width, splits: ['test'] })).scores.test;
      if (table) {
        console.log(`${baseline.label.toLowerCase()}, test: ${formatMetrics(table)}`);
        const verdict = baselineVerdict(baseline, 'the test slices', compareMetrics(baseline, test, table));
        if (verdict.sentence) console.log(verdict.sentence);
      }
    }
    const wallTimeMs = performance.now() - start;
    console.log(`Wall time ${formatDuration(wallTimeMs)}`);
    const normalization = config.normalization ?? summary.normalization;
    if (args.save) {
      await writeModelDir(args.save, await engine.exportModel({}));
      console.log(`Saved the model to ${args.save}/model.json + weights.bin (model.json names its normalisation: ${normalization.kind})`);
    }
    // The record keeps its earlier shape: the training subset shows in counts.train.
    const { trainLimit: _trainLimit, ...recorded } = config;
    await writeJson(args.json, {
      mode: 'train', data: dataPath, config: recorded, inputUnits: summary.units, backend: result.backend,
      versions: { tfjs: backend.tfjsVersion, tfjsBackendWasm: version_wasm, node: process.version },
      counts: { train: seen.start?.trainCount ?? 0, val: seen.start?.valCount ?? 0, test: testCount },
      paramCount: result.paramCount, stoppedEarly: result.stoppedEarly, history: result.history, test, wallTimeMs,
    });
  } finally {
    process.off('SIGINT', onSigint);
  }
}
