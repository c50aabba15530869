/**
 * Trains a lesson model in Node on the wasm backend, or evaluates a saved one.
 *   npm run train -- --data <file.h5> [--task segmentation|translation] [--model plain|skip|block]
 *     [--epochs N] [--batch B] [--seed S] [--augment] [--lr X] [--optimizer sgd|adam] [--loss …] [--schedule …] [--size N]
 *     [--limit-train N] [--json out.json] [--save <dir>] [--checkpoint-dir <dir> [--resume]] [--task-module <file.ts>]
 *   npm run train -- --summary [--model …] [--size N | --data <file.h5>]
 *   npm run train -- --model-from <dir> --eval <file.h5> [--task …] [--normalization …] [--json out.json]
 * Training records its input normalisation in the JSON record and in the saved model.json
 * (userDefinedMetadata.course); --eval re-applies it and warns when the file's units do not fit.
 * Prints one line per epoch (epochs from 1); writes a JSON record with --json. Exit 0 on success,
 * 1 on an error (message and hint on stderr), 2 on bad arguments.
 */
import * as tf from '@tensorflow/tfjs';
import { version_wasm } from '@tensorflow/tfjs-backend-wasm';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { checkNormalizationFits, unitsOfDataset } from '../src/lib/data/inputUnits';
import { describeNormalization, type Normalization } from '../src/lib/data/normalizations';
import { resolveNormalization } from '../src/lib/data/normalizeDataset';
import { defaultNormalizationOf, prepareDataset } from '../src/lib/data/prepareDataset';
import { readLessonDataset, scoredSplits } from '../src/lib/data/readLessonDataset';
import type { LessonDataset, SplitArrays, Task } from '../src/lib/data/types';
import { DEFAULT_AUGMENT } from '../src/lib/augment/augmentConfig';
import { toErrorInfo } from '../src/lib/errors';
import { registerCourseKernels } from '../src/lib/kernels';
import { formatSummary, summarizeModel } from '../src/lib/models/summary';
import { buildRunModel } from '../src/lib/train/buildRunModel';
import { formatDuration } from '../src/lib/format';
import { evaluateTask } from '../src/lib/tasks/evaluateTask';
import { createFileCheckpointStore } from '../src/lib/train/fileCheckpointStore';
import { fit } from '../src/lib/train/fit';
import { fromLayersModelFiles, readModelMetadata, toLayersModelFiles } from '../src/lib/train/layersModelFiles';
import { OPTIMIZERS } from '../src/lib/train/optimizerRegistry';
import type { FitResult, ModelKind, RunConfig } from '../src/lib/train/types';
import { lookupBaseline } from '../src/lib/engine/lookupBaseline';
import { allTasks, createRunConfig, lossNameOf, taskDescriptor, type TaskMetrics } from '../src/lib/tasks';
import { importTaskModule, parseTrainArgs, taskModulesOf, TRAIN_USAGE, UsageError, type TrainArgs } from './trainArgs';

async function useWasm(): Promise<void> {
  registerCourseKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") returned false: the wasm backend did not start.');
  await tf.ready();
}

interface LoadedData {
  /** As stored in the file (physical units), at the file's size. */
  stored: LessonDataset;
  /** Resized and normalised, as the network sees it. */
  data: LessonDataset;
  /** The normalisation applied, statistics filled in. */
  normalization: Normalization;
}

async function loadData(
  path: string, task: Task | undefined, size: number | undefined, limitTrain: number | undefined,
  options: { normalization?: Normalization; purpose?: 'train' | 'evaluate' } = {},
): Promise<LoadedData> {
  await fs.access(path).catch(() => {
    throw new UsageError(`Data file not found: ${path}`);
  });
  const stored = await readLessonDataset(path, { ...(task ? { rules: taskDescriptor(task).data } : {}), label: path, maxBytes: 2 * 1024 ** 3, ...(options.purpose ? { purpose: options.purpose } : {}) });
  const chosen = options.normalization ?? defaultNormalizationOf(stored);
  // Statistics (split z-score, min-max) come from the stored training split, before any cut or resize.
  const normalization = options.purpose === 'evaluate' ? chosen : resolveNormalization(chosen, stored);
  const data = prepareDataset(stored, { normalization, height: size ?? stored.height, width: size ?? stored.width, trainLimit: limitTrain });
  return { stored, data, normalization };
}

/** The test numbers the task reports (the same the page shows), one line. */
function formatMetrics(metrics: TaskMetrics): string {
  return taskDescriptor(metrics.task).summarizeTest(metrics).numbers.map((n) => `${n.label}: ${n.text}`).join('; ');
}

async function writeJson(path: string | undefined, value: unknown): Promise<void> {
  if (!path) return;
  // perSlice arrays stay in the record; NaN/Infinity become null in JSON.
  await fs.writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
  console.log(`Wrote ${path}`);
}

function runConfigFrom(args: TrainArgs, task: Task, size: { height: number; width: number }): RunConfig {
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
    ...size,
  });
}

async function summary(args: TrainArgs): Promise<void> {
  let size = args.size ?? 128;
  if (args.data && args.size === undefined) size = (await loadData(args.data, args.task, undefined, undefined)).data.height;
  const task = taskDescriptor(args.task ?? 'segmentation');
  const model = buildRunModel({ model: args.model ?? 'skip', height: size, width: size, seed: args.seed ?? 1 }, task);
  console.log(formatSummary(summarizeModel(model)));
  model.dispose();
}

async function evaluateSaved(args: TrainArgs, dir: string, evalPath: string): Promise<void> {
  const start = performance.now();
  const modelJson = await fs.readFile(join(dir, 'model.json'), 'utf8').catch(() => {
    throw new UsageError(`No model.json in ${dir}: pass a directory written by --save.`);
  });
  const weights = new Uint8Array(await fs.readFile(join(dir, 'weights.bin')));
  const model = await fromLayersModelFiles({ modelJson, weights });
  const [, height, width] = model.inputs[0].shape as number[];
  const lastConfig = model.layers.at(-1)?.getConfig() as { activation?: string } | undefined;
  const metadata = readModelMetadata(modelJson);
  // Files saved without course metadata: the first task whose output activation matches the model's.
  const task: Task = args.task ?? metadata?.task ?? allTasks().find((t) => t.outputActivation === (lastConfig?.activation ?? 'linear'))?.task ?? 'segmentation';
  const warnings: Array<{ message: string; hint: string }> = [];
  const warn = (warning: { message: string; hint: string }) => {
    warnings.push(warning);
    console.error(`Warning: ${warning.message}\nHint: ${warning.hint}`);
  };
  let normalization: Normalization;
  if (args.normalization) {
    normalization = args.normalization;
    if (metadata) console.log(`The model names ${describeNormalization(metadata.normalization)}; --normalization overrides it.`);
  } else if (metadata) {
    normalization = metadata.normalization;
  } else {
    normalization = { kind: 'zscore-slice' };
    warn({
      message: `${dir}/model.json does not name the input normalisation it was trained with; assuming per-slice z-score.`,
      hint: 'Save the model again with this version (npm run train -- … --save DIR), or pass --normalization.',
    });
  }
  const { stored, data } = await loadData(evalPath, task, height, undefined, { normalization, purpose: 'evaluate' });
  const units = unitsOfDataset(stored);
  const misfit = checkNormalizationFits(normalization, metadata?.inputUnits, units);
  if (misfit) warn(misfit);
  console.log(`Normalisation: ${describeNormalization(normalization)} (file units: ${units.units}${units.declared ? ', from its units attribute' : ', sniffed from its values'})`);
  const names = scoredSplits(data);
  console.log(`Scored split${names.length > 1 ? 's' : ''}: ${names.join(', ')}`);
  const results: Record<string, TaskMetrics> = {};
  for (const name of names) {
    const split = data[name] as SplitArrays;
    results[name] = await evaluateTask(model, split, task, { height, width, batchSize: args.batch ?? 16 });
    console.log(`${name}: ${formatMetrics(results[name])}`);
  }
  await writeJson(args.json, {
    mode: 'eval', model: dir, data: evalPath, task, backend: tf.getBackend(), height, width, paramCount: model.countParams(),
    normalization, fileUnits: units.units, unitsDeclared: units.declared, scoredSplits: names, warnings, metrics: results, wallTimeMs: performance.now() - start,
  });
  model.dispose();
}

async function train(args: TrainArgs, dataPath: string): Promise<void> {
  const start = performance.now();
  const task = args.task ?? 'segmentation';
  const { stored, data, normalization } = await loadData(dataPath, task, args.size, args.limitTrain, { normalization: args.normalization });
  const inputUnits = unitsOfDataset(stored).units;
  const config = { ...runConfigFrom(args, task, { height: data.height, width: data.width }), normalization };
  const model = buildRunModel(config, taskDescriptor(task));
  const abort = new AbortController();
  process.once('SIGINT', () => {
    console.log('\nStopping at the next batch boundary (Ctrl+C again to quit at once)…');
    abort.abort();
  });
  const store = args.checkpointDir ? createFileCheckpointStore(args.checkpointDir, fs) : undefined;
  const resumeFrom = args.resume && store ? await store.get('latest') : undefined;
  if (args.resume && !resumeFrom) throw new UsageError(`--resume: no checkpoint "latest" in ${args.checkpointDir}.`);
  let result: FitResult;
  try {
    console.log(
      `Training ${config.model} for ${config.task} on ${tf.getBackend()}: ${data.train.count} train / ${data.val.count} val slices at ${data.height}×${data.width}, ` +
        `${config.epochs} epochs, batch ${config.batchSize}, ${lossNameOf(config)} loss, ${config.optimizer.kind} lr ${config.optimizer.learningRate}${config.optimizer.schedule === 'cosine' ? ' (cosine schedule)' : ''}, seed ${config.seed}${config.augment ? ', augmented' : ''}`,
    );
    console.log(`Normalisation: ${describeNormalization(normalization)} (file units: ${inputUnits})`);
    result = await fit({
      model, task: taskDescriptor(task), dataset: data, config, signal: abort.signal, checkpointStore: store, resumeFrom,
      onEvent: (e) => {
        if (e.type === 'run-start') console.log(`${e.paramCount.toLocaleString('en')} parameters, ${e.stepsPerEpoch} steps per epoch`);
        if (e.type !== 'epoch-end') return;
        const metric = e.metricName === 'hardDice' ? 'val hard Dice' : 'val MAE';
        const eta = e.etaMs === null ? '' : `  ETA ${formatDuration(e.etaMs)}`;
        console.log(`epoch ${e.epoch + 1}/${e.epochs}  train ${e.trainLoss.toFixed(4)}  val ${e.valLoss.toFixed(4)}  ${metric} ${e.valMetric.toFixed(4)}  ${formatDuration(e.durationMs)}${eta}`);
      },
    });
    if (result.stoppedEarly) console.log(`Stopped after ${result.history.length} complete epochs.`);
    const test = data.test ? await evaluateTask(model, data.test, task, { height: data.height, width: data.width, batchSize: config.batchSize }) : null;
    if (test) console.log(`test: ${formatMetrics(test)}`);
    const baseline = taskDescriptor(task).baseline;
    if (test && baseline) {
      // The page's baseline at the run's size, in stored units (fitted on the whole training split).
      const shown = prepareDataset(stored, { normalization: { kind: 'none' }, height: data.height, width: data.width });
      const table = lookupBaseline(shown, { splits: ['test'] }).scores.test;
      if (table) console.log(`${baseline.label.toLowerCase()}, test: ${formatMetrics(table)}`);
    }
    const wallTimeMs = performance.now() - start;
    console.log(`Wall time ${formatDuration(wallTimeMs)}`);
    if (args.save) {
      const files = await toLayersModelFiles(model, { task, normalization, inputUnits });
      await fs.mkdir(args.save, { recursive: true });
      await fs.writeFile(join(args.save, 'model.json'), files.modelJson);
      await fs.writeFile(join(args.save, 'weights.bin'), files.weights);
      console.log(`Saved the model to ${args.save}/model.json + weights.bin (model.json names its normalisation: ${normalization.kind})`);
    }
    await writeJson(args.json, {
      mode: 'train', data: dataPath, config, inputUnits, backend: tf.getBackend(),
      versions: { tfjs: tf.version.tfjs, tfjsBackendWasm: version_wasm, node: process.version },
      counts: { train: data.train.count, val: data.val.count, test: data.test?.count ?? 0 },
      paramCount: model.countParams(), stoppedEarly: result.stoppedEarly, history: result.history, test, wallTimeMs,
    });
  } finally {
    model.dispose();
  }
}

async function main(argv: string[]): Promise<void> {
  let args: TrainArgs;
  try {
    // A task of one's own (--task-module) registers before --task is checked against the registry.
    for (const path of taskModulesOf(argv)) await importTaskModule(path);
    args = parseTrainArgs(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${TRAIN_USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(TRAIN_USAGE);
    return;
  }
  try {
    await useWasm();
    if (args.summary) await summary(args);
    else if (args.modelFrom) await evaluateSaved(args, args.modelFrom, args.eval ?? '');
    else await train(args, args.data ?? '');
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${TRAIN_USAGE}`);
      process.exit(2);
    }
    const info = toErrorInfo(error);
    console.error(`${info.name}: ${info.message}`);
    if (info.hint) console.error(`Hint: ${info.hint}`);
    process.exit(1);
  }
}

await main(process.argv.slice(2));
