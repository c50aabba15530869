import type * as tf from '@tensorflow/tfjs';
import { CourseError, SettingsError } from '../errors';
import type { Task } from '../data/types';
import type { InputUnits } from '../data/inputUnits';
import type { Normalization } from '../data/normalizations';
import type { BackendReport } from '../train/backend';
import { createIndexedDbModelStore, type ModelStore } from '../train/modelStore';
import type { PauseController } from '../train/types';
import type { PreparedData } from './preparedData';
import { createIndexedDbRunCheckpointStore, createMemoryRunCheckpointStore, type RunCheckpointStore } from './runCheckpoints';

/** The training run going on, if any. */
export interface Run {
  id: number;
  abort: AbortController;
  pause: PauseController;
  /** Settles when fit has returned (or thrown). */
  finished: Promise<unknown>;
  /** The key its checkpoints are kept under, if any. */
  keepKey?: string;
  /** Set by the 'stop' request: the learner ended the run (unlike a disposed engine). */
  stopRequested?: boolean;
}

/** How the current model's inputs were normalised, and their units as stored: re-applied by predict/evaluate, kept with the model. */
export interface ModelInput {
  normalization: Normalization;
  units: InputUnits;
}

/**
 * What the engine holds between requests (backend, dataset, model, the current run) and the checks
 * every request makes before it uses them. The engine owns the model: replacing it disposes the old one.
 */
export class EngineState {
  backend: BackendReport | null = null;
  data: { prepared: PreparedData; task: Task } | null = null;
  modelInput: ModelInput | null = null;
  /** The current model's task when it came with one (an imported or restored model); null: the loaded data's. */
  modelTask: Task | null = null;
  run: Run | null = null;
  private model: tf.LayersModel | null = null;
  private modelStore: ModelStore | null | undefined;
  private checkpointStore: RunCheckpointStore | undefined;

  constructor(modelStore: ModelStore | undefined, checkpointStore?: RunCheckpointStore) {
    this.modelStore = modelStore;
    this.checkpointStore = checkpointStore;
  }

  /** Where unfinished runs are kept: the one given, else IndexedDB where it exists, else memory. */
  runCheckpoints(): RunCheckpointStore {
    this.checkpointStore ??= typeof indexedDB === 'undefined' ? createMemoryRunCheckpointStore() : createIndexedDbRunCheckpointStore(indexedDB);
    return this.checkpointStore;
  }

  requireBackend(): BackendReport {
    if (!this.backend) throw new CourseError('The training engine has not been started.', 'Call init() on the training client first.');
    return this.backend;
  }

  requireData(): { prepared: PreparedData; task: Task } {
    if (!this.data) throw new CourseError('No dataset is loaded.', 'Load a dataset first (loadDataset).');
    return this.data;
  }

  requireModel(): tf.LayersModel {
    if (!this.model) throw new CourseError('There is no model yet.', 'Build or train a model first.');
    return this.model;
  }

  requireIdle(what: string): void {
    if (this.run) throw new SettingsError(`Cannot ${what} while a training run is going.`, 'Stop the run (or wait for it to end) first.');
  }

  requireRun(runId: number): Run {
    if (!this.run || this.run.id !== runId) throw new SettingsError(`There is no training run with id ${runId} going.`, 'The run may have ended already.');
    return this.run;
  }

  /** Where models are kept: the one given, else IndexedDB where it exists; throws where there is none. */
  requireModelStore(): ModelStore {
    this.modelStore ??= typeof indexedDB === 'undefined' ? null : createIndexedDbModelStore(indexedDB);
    if (!this.modelStore) throw new CourseError('This browser offers no storage (IndexedDB) to keep a trained model in.', 'The model stays usable until the page is reloaded.');
    return this.modelStore;
  }

  /** Makes `next` the current model (with how its inputs are normalised, and its task when known), disposing the previous one. */
  replaceModel(next: tf.LayersModel | null, input: ModelInput | null, task: Task | null = null): void {
    this.model?.dispose();
    this.model = next;
    this.modelInput = next ? input : null;
    this.modelTask = next ? task : null;
  }
}
