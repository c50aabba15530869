import type { RecordStore } from './recordStore';
import type { LayersModel } from '@tensorflow/tfjs';
import type { AugmentConfig } from '../augment/augmentConfig';
import type { IntensityAugmentConfig, IntensityChange } from '../augment/intensityConfig';
import type { Normalization } from '../data/normalizations';
import type { LessonDataset, SplitArrays, Task } from '../data/types';
import type { LossName, TargetKind } from '../losses/lossInfo';
import type { ModelKind } from '../models/modelKinds';
import type { MetricName } from '../losses/metrics';

/** Which lesson model a run trains (the list in ../models/modelKinds). */
export type { ModelKind } from '../models/modelKinds';

/** Loss names a run may use (the registry in ../losses/lossInfo); the default follows the task. */
export type { LossName } from '../losses/lossInfo';
/** The validation metric reported each epoch (the registry in ../losses/metrics). */
export type { MetricName } from '../losses/metrics';

/**
 * How the learning rate changes over a run: 'constant' keeps the set rate; 'cosine' lowers it along
 * half a cosine from the set rate at the first step to zero at the last step of the run.
 */
export type LearningRateScheduleName = 'constant' | 'cosine';

/**
 * Optimiser settings as plain data (the shape `createOptimizer` in ./optimizers takes).
 * SGD follows lesson 1 (lr 0.05, momentum 0.9, Nesterov, global-norm clip 0.5); Adam follows Keras defaults.
 */
export interface OptimizerSettings {
  kind: 'sgd' | 'adam';
  learningRate: number;
  momentum?: number;
  nesterov?: boolean;
  /** Keras-style time decay: lr / (1 + decay · step). */
  decay?: number;
  /** Clip the global gradient norm to this value; absent or null means no clipping. */
  clipNorm?: number | null;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Learning-rate schedule over the run's epochs × steps per epoch; absent means constant (records of older versions). */
  schedule?: LearningRateScheduleName;
}

/** Augmentation settings as plain data (the config `sampleAugmentParams` takes). */
export type AugmentSettings = AugmentConfig;

/**
 * What training needs to know of a task. A task's descriptor (src/lib/tasks) is one, and whoever
 * starts a run passes it in: the training layer never looks a task up by name.
 */
export interface TrainingTask {
  /** The task's name, as run configurations and records carry it. */
  task: Task;
  outputActivation: 'sigmoid' | 'linear';
  /** What a valid target holds: 0/1 masks or continuous intensities. */
  targets: TargetKind;
  /** How augmentation resamples targets: masks keep their labels, images are resampled smoothly. */
  targetInterpolation: 'nearest' | 'bilinear';
  /** Losses the task offers, its default first. */
  losses: readonly LossName[];
  defaultLoss: LossName;
  /** The metric reported after every epoch. */
  epochMetric: { name: MetricName };
  /**
   * The intensity changes a run of this task may apply to its inputs (targets are never changed):
   * those that leave the target right. A run's intensity augmentation with another change on is refused.
   */
  intensityChanges: readonly IntensityChange[];
}

/** Everything that defines a training run; plain data, so it crosses postMessage and goes into checkpoints. */
export interface RunConfig {
  task: Task;
  model: ModelKind;
  /** Defaults to the task's default loss. */
  loss?: LossName;
  optimizer: OptimizerSettings;
  /** Number of epochs (a count); epoch indices in events are 0-based. */
  epochs: number;
  batchSize: number;
  /** Seeds weights, shuffles and augmentation. */
  seed: number;
  /** Augmentation of training batches, or null for none. Validation is never augmented. */
  augment: AugmentSettings | null;
  /**
   * Random intensity changes of training inputs (after `augment`, sample by sample; targets stay as
   * they are), or absent/null for none (records of older versions have none). Validation is never augmented.
   */
  intensityAugment?: IntensityAugmentConfig | null;
  height: number;
  width: number;
  /** Validation-slice indices whose predictions are sent after each epoch. */
  displaySlices: number[];
  /** Run validation (loss + metric) after every epoch; when false, valLoss/valMetric are NaN. */
  validateEachEpoch: boolean;
  /**
   * The input normalisation the run's data went through (statistics filled in, see resolveNormalization),
   * recorded so that checkpoints and saved models re-apply it; absent in records of older versions.
   */
  normalization?: Normalization;
  /** Train on the first N training slices only (e.g. to provoke overfitting); absent: all of them. */
  trainLimit?: number;
}

/** The arrays fit needs: train and val splits of [count, height, width, 1] float32. */
export type FitDataset = Pick<LessonDataset, 'height' | 'width' | 'train' | 'val'>;

/** One row of the history: plain numbers, one per completed epoch. */
export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  valLoss: number;
  metricName: MetricName;
  valMetric: number;
  durationMs: number;
  /** Running average of the training loss after each batch of this epoch. */
  runningLosses: number[];
}

/** Input, target and prediction of one display slice, each [height, width] row-major. */
export interface DisplaySlice {
  /** Index into the validation split. */
  index: number;
  height: number;
  width: number;
  input: Float32Array;
  target: Float32Array;
  prediction: Float32Array;
}

export type StopReason = 'completed' | 'aborted';

/** Events of a run, all plain data. `epoch` and `batch` are 0-based indices. */
export type TrainingEvent =
  | {
      type: 'run-start';
      backend: string;
      paramCount: number;
      config: RunConfig;
      stepsPerEpoch: number;
      trainCount: number;
      valCount: number;
      /** First epoch this call runs (0, or later when resuming a checkpoint). */
      startEpoch: number;
    }
  | {
      type: 'batch-end';
      epoch: number;
      batch: number;
      stepsPerEpoch: number;
      loss: number;
      runningLoss: number;
      /** Estimated time left for the run (the one estimate every UI shows), from this run's measured steps; null until a few after the warm-up one are timed (eta.ts). */
      etaMs: number | null;
      /** Milliseconds per training step measured in this run (recent mean, warm-up left out); null until known. Absent in events recorded before it existed. */
      msPerStep?: number | null;
    }
  | {
      type: 'epoch-end';
      epoch: number;
      epochs: number;
      trainLoss: number;
      valLoss: number;
      metricName: MetricName;
      valMetric: number;
      durationMs: number;
      /** Estimated time left for the run, from batch times after the first (warm-up) batch; null until known. */
      etaMs: number | null;
      /** As on batch-end. */
      msPerStep?: number | null;
    }
  | { type: 'predictions'; epoch: number; slices: DisplaySlice[] }
  | { type: 'paused'; epoch: number; batch: number }
  | { type: 'resumed'; epoch: number; batch: number }
  | { type: 'checkpoint-saved'; epoch: number; key: string }
  /** The checkpoint after `epoch` could not be stored (storage full or blocked); the run goes on. `errorName` is the storage error's name (e.g. QuotaExceededError). */
  | { type: 'checkpoint-failed'; epoch: number; key: string; errorName: string; message: string }
  | { type: 'run-end'; history: EpochRecord[]; stoppedEarly: boolean; reason: StopReason; durationMs: number };

export type TrainingEventType = TrainingEvent['type'];

/** What fit takes. The caller owns the model (fit trains it in place and never disposes it). */
export interface FitOptions {
  model: LayersModel;
  /** The task of `config.task` (its descriptor): output, targets, losses and epoch metric. */
  task: TrainingTask;
  dataset: FitDataset;
  config: RunConfig;
  /** Backend name for events/records and the memory check; defaults to tf.getBackend(). */
  backend?: string;
  /** Memory a training step may use; default per backend (MEMORY_BUDGET_BYTES in ./memoryBudget). */
  memoryBudgetBytes?: number;
  onEvent?: (event: TrainingEvent) => void;
  /** Stops the run at the next batch boundary; fit resolves with stoppedEarly: true. */
  signal?: AbortSignal;
  pauseController?: PauseController;
  /** When given, a checkpoint is saved after every epoch under `checkpointKey` (default 'latest'); a failed save is reported ('checkpoint-failed') and training goes on. */
  checkpointStore?: CheckpointStore;
  checkpointKey?: string;
  /** Continue from this checkpoint: weights, optimiser state, history and the epoch are restored first. */
  resumeFrom?: CheckpointRecord;
}

/** What fit resolves with. */
export interface FitResult {
  history: EpochRecord[];
  stoppedEarly: boolean;
  reason: StopReason;
  paramCount: number;
  backend: string;
  durationMs: number;
}

/** Pauses and resumes a run at batch boundaries. */
export interface PauseController {
  readonly paused: boolean;
  pause(): void;
  resume(): void;
  /** Resolves at once when not paused, otherwise when resumed or when the signal aborts. */
  waitWhilePaused(signal?: AbortSignal): Promise<void>;
}

/** Shape and dtype of one tensor stored in a bundle; data lies at `offset` (bytes) in the bundle's buffer. */
export interface TensorSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  offset: number;
  byteLength: number;
}

/** Several tensors as one ArrayBuffer plus specs: serialisable, structured-cloneable, storable in IndexedDB. */
export interface TensorBundle {
  specs: TensorSpec[];
  data: ArrayBuffer;
}

/** Everything needed to resume a run exactly where it stopped. */
export interface CheckpointRecord {
  format: 'course-checkpoint';
  version: 1;
  key: string;
  config: RunConfig;
  seed: number;
  /** Number of completed epochs = the 0-based index of the next epoch to run. */
  epochsCompleted: number;
  /** Shuffle and augmentation streams are derived per epoch from the seed, so the next epoch index fixes them. */
  rng: { scheme: 'derive-per-epoch'; nextEpoch: number };
  history: EpochRecord[];
  model: TensorBundle;
  optimizer: TensorBundle & { meta: Record<string, number> };
  /** ISO time of saving, for listing only. */
  savedAt: string;
}

/** Short description of a stored checkpoint, for lists. */
export interface CheckpointInfo {
  key: string;
  epochsCompleted: number;
  savedAt: string;
  task: Task;
  model: ModelKind;
}

/** Where checkpoints go: memory (tests), a directory (Node) or IndexedDB (browser/worker). */
export type CheckpointStore = RecordStore<CheckpointRecord>;

export type { SplitArrays, Task };
