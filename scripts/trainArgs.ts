import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parseNormalization, type Normalization } from '../src/lib/data/normalizations';
import type { Task } from '../src/lib/data/types';
import { LEARNING_RATE_SCHEDULES, OPTIMIZER_KINDS } from '../src/lib/train/optimizerRegistry';
import { LOSSES } from '../src/lib/losses/lossInfo';
import { taskNames } from '../src/lib/tasks';
import { MODEL_KINDS } from '../src/lib/models/modelKinds';
import type { LearningRateScheduleName, LossName, ModelKind } from '../src/lib/train/types';
import { UsageError } from './usageError';

export const TRAIN_USAGE = `Usage:
  npm run train -- --data <file.h5> [--task segmentation|translation] [--model plain|skip|block]
                   [--epochs N] [--batch B] [--seed S] [--augment] [--intensity-augment] [--lr X] [--optimizer sgd|adam]
                   [--loss dice|bce|mae|mse] [--schedule constant|cosine] [--size N] [--limit-train N]
                   [--json out.json] [--save <dir>]
                   [--normalization zscore-slice|hu-scale|lung-window|…] [--checkpoint-dir <dir> [--resume]]
                   [--task-module <file.ts>]
  npm run train -- --data <file.h5> --defaults [--save <dir>] [any flag above, to override one setting]
  npm run train -- --summary [--model plain|skip|block] [--task …] [--size N | --data <file.h5>]
  npm run train -- --model-from <dir> --eval <file.h5> [--task …] [--normalization …] [--json out.json]

  --data         lesson HDF5 file (trainX/trainY/valX/valY[/testX/testY])
  --task         segmentation (Dice loss, SGD) or translation (MAE loss, Adam), or a task that a
                 --task-module registers; default: the task the --data file fits (its 0/1 masks mean segmentation)
  --task-module  a module whose import registers a task of your own (registerTask), e.g. the one your
                 course.config.ts lists under tasks; imported before --task is read; repeatable
  --model        plain (A′, no skips), skip (B, default) or block (Inception-style)
  --loss         dice or bce (binary cross-entropy) for segmentation, mae or mse for translation;
                 default dice / mae
  --schedule     learning rate over the run: constant (default) or cosine (from --lr at the first
                 step down to 0 at the last, along half a cosine)
  --size N       resample slices to N×N (N divisible by 4)
  --limit-train  keep only the first N training slices
  --augment      random affine augmentation of training batches (rotation, shear, shift, zoom, flip)
  --intensity-augment  random intensity changes of the training inputs after --augment's transform,
                 those the task allows (segmentation: bias field, blur, lower resolution, contrast,
                 brightness, gamma, noise; translation: bias field, blur, lower resolution, noise);
                 targets are never changed
  --normalization  input normalisation: zscore-slice (per-slice z-score), hu-scale (HU / 1000),
                 lung-window (level -600, width 1500 HU), ct-window:LEVEL:WIDTH, zscore-split, min-max,
                 none; default from the file's units attribute (or its values). With --eval it overrides
                 the one the saved model names.
  --defaults     train with exactly the settings the lesson page starts with for the file's task (the
                 lesson's default-run panel, or with --model the panel of that model), printed first with
                 the rule and the device speed assumed; each explicit flag overrides one setting and says so
  --save <dir>   write the trained model as TensorFlow.js layers files (model.json + weights.bin)
  --summary      print the model summary and exit
  --model-from   evaluate a model saved with --save on --eval's test split (or, without one, its other splits);
                 the file may hold only testX/testY (or only valX/valY)
  --checkpoint-dir  save a checkpoint after every epoch; --resume continues from it`;

export { UsageError };

export interface TrainArgs {
  data?: string;
  task?: Task;
  model?: ModelKind;
  epochs?: number;
  batch?: number;
  seed?: number;
  augment: boolean;
  /** Random intensity changes of the inputs (the task's own list). */
  intensityAugment: boolean;
  lr?: number;
  optimizer?: 'sgd' | 'adam';
  loss?: LossName;
  schedule?: LearningRateScheduleName;
  normalization?: Normalization;
  size?: number;
  limitTrain?: number;
  json?: string;
  summary: boolean;
  /** Train with the lesson page's default settings (scripts/trainDefaults.ts). */
  defaults: boolean;
  save?: string;
  modelFrom?: string;
  eval?: string;
  checkpointDir?: string;
  resume: boolean;
  help: boolean;
  /** Modules imported before the arguments are checked (see taskModulesOf). */
  taskModules: string[];
}

function integer(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${flag} expects a whole number ≥ ${min}, but got "${value}".`);
  return n;
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new UsageError(`--${flag} expects one of ${allowed.join(', ')}, but got "${value}".`);
  return value as T;
}

/**
 * The --task-module paths, read before the other arguments: a module's tasks must be registered
 * before --task is checked against the registry.
 */
export function taskModulesOf(argv: readonly string[]): string[] {
  return argv.flatMap((arg, i) => {
    if (arg === '--task-module') return argv[i + 1] === undefined ? [] : [argv[i + 1]];
    return arg.startsWith('--task-module=') ? [arg.slice('--task-module='.length)] : [];
  });
}

/** Imports a --task-module file (a path from the working directory); its import registers its tasks. */
export async function importTaskModule(path: string): Promise<void> {
  try {
    await import(pathToFileURL(resolve(path)).href);
  } catch (error) {
    throw new UsageError(`--task-module ${path}: could not be imported (${(error as Error).message}).`);
  }
}

/** Parses the trainer's arguments; throws UsageError for unknown flags, missing values and bad combinations. */
export function parseTrainArgs(argv: string[]): TrainArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        data: { type: 'string' }, task: { type: 'string' }, model: { type: 'string' }, epochs: { type: 'string' },
        batch: { type: 'string' }, seed: { type: 'string' }, augment: { type: 'boolean' }, 'intensity-augment': { type: 'boolean' }, lr: { type: 'string' },
        optimizer: { type: 'string' }, loss: { type: 'string' }, schedule: { type: 'string' }, normalization: { type: 'string' }, size: { type: 'string' }, 'limit-train': { type: 'string' }, json: { type: 'string' },
        summary: { type: 'boolean' }, defaults: { type: 'boolean' }, save: { type: 'string' }, 'model-from': { type: 'string' }, eval: { type: 'string' },
        'checkpoint-dir': { type: 'string' }, resume: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
        'task-module': { type: 'string', multiple: true },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const lr = values.lr === undefined ? undefined : Number(values.lr);
  if (lr !== undefined && !(lr > 0 && Number.isFinite(lr))) throw new UsageError(`--lr expects a positive number, but got "${values.lr}".`);
  let normalization: Normalization | undefined;
  try {
    normalization = values.normalization === undefined ? undefined : parseNormalization(values.normalization);
  } catch (error) {
    throw new UsageError(`--normalization: ${(error as Error).message} ${(error as { hint?: string }).hint ?? ''}`.trim());
  }
  const args: TrainArgs = {
    data: values.data,
    task: oneOf('task', values.task, taskNames()),
    model: oneOf('model', values.model, MODEL_KINDS),
    epochs: integer('epochs', values.epochs, 1),
    batch: integer('batch', values.batch, 1),
    seed: integer('seed', values.seed, 0),
    augment: values.augment ?? false,
    intensityAugment: values['intensity-augment'] ?? false,
    lr,
    optimizer: oneOf('optimizer', values.optimizer, OPTIMIZER_KINDS),
    loss: oneOf('loss', values.loss, LOSSES),
    schedule: oneOf('schedule', values.schedule, LEARNING_RATE_SCHEDULES),
    normalization,
    size: integer('size', values.size, 4),
    limitTrain: integer('limit-train', values['limit-train'], 1),
    json: values.json,
    summary: values.summary ?? false,
    defaults: values.defaults ?? false,
    save: values.save,
    modelFrom: values['model-from'],
    eval: values.eval,
    checkpointDir: values['checkpoint-dir'],
    resume: values.resume ?? false,
    help: values.help ?? false,
    taskModules: values['task-module'] ?? [],
  };
  if (args.help || args.summary) return args;
  if ((args.modelFrom === undefined) !== (args.eval === undefined)) throw new UsageError('--model-from and --eval go together.');
  if (args.modelFrom === undefined && args.data === undefined) throw new UsageError('Missing --data <file.h5>.');
  if (args.defaults && args.modelFrom !== undefined) throw new UsageError('--defaults is for training; --model-from evaluates a saved model.');
  if (args.resume && !args.checkpointDir) throw new UsageError('--resume needs --checkpoint-dir <dir>.');
  return args;
}
