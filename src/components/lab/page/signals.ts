/**
 * The state every island of a lesson page shares: the engine's state, the loaded dataset, the
 * learner's runs, and which run's model is in the engine. Islands on a page share this module, so
 * a model trained in one panel can be evaluated in another. Signals and their types only.
 */
import { signal } from '@preact/signals';
// The course's own tasks (course.config.ts `tasks`) register here: every lab island loads this module.
import 'virtual:course-tasks';
import type { EngineReport } from '../../../client/trainingClient';
import type { DatasetSummary } from '../../../lib/engine/protocol';
import type { EpochRecord, ModelKind, RunConfig } from '../../../lib/train/types';
import type { ErrorInfo } from '../../../lib/errors';

/** Where the page stands with the training engine (distinct from the engine's own EngineState class in src/lib/engine). */
export type EngineStatus =
  | { state: 'idle' }
  | { state: 'starting' }
  | { state: 'ready'; report: EngineReport }
  | { state: 'failed'; error: ErrorInfo };

export type DatasetState =
  | { state: 'idle' }
  /** While a file downloads: bytes so far and the file's size (null when the server does not say). */
  | { state: 'loading'; label: string; received?: number; total?: number | null }
  | { state: 'ready'; summary: DatasetSummary; label: string; url: string | null; /** SHA-256 of the file, hex (absent where the browser cannot hash). */ sha256?: string }
  | { state: 'failed'; error: ErrorInfo; label: string };

export type RunStatus = 'running' | 'paused' | 'completed' | 'stopped' | 'failed';

/** One training run as the page remembers it: plain data only. */
export interface LabRun {
  id: string;
  label: string;
  model: ModelKind;
  config: RunConfig;
  status: RunStatus;
  backend: string;
  paramCount: number;
  history: EpochRecord[];
  startedAt: string;
  dataset: string;
  error?: ErrorInfo;
  /** The panel that trained it (so a panel shows its own last run after a reload). */
  panel?: string;
  /** SHA-256 of the data file it was trained on. */
  dataSha256?: string;
  /** Where it ran: versions, backend and device, as the page saw them at its start. */
  environment?: RunEnvironment;
  /** The test-set headline number, once the learner evaluated this run's model. */
  test?: { label: string; text: string; evaluatedAt: string };
}

export interface RunEnvironment {
  course: string;
  tfjs: string;
  backend: string;
  threads: number;
  wasmSimd: boolean | null;
  userAgent: string;
  cores: number;
}

export const engine = signal<EngineStatus>({ state: 'idle' });
export const dataset = signal<DatasetState>({ state: 'idle' });
export const runs = signal<LabRun[]>([]);
/** The run whose trained weights are in the engine now (evaluation and predictions use it). */
export const modelRunId = signal<string | null>(null);
/** The run that is training now; the engine trains one model at a time. */
export const activeRunId = signal<string | null>(null);
/** "Train again with these settings": the panel asked to take a run's settings (a fresh object each time). */
export const rerunRequest = signal<{ panel: string; config: RunConfig } | null>(null);
/** The lesson whose runs the page shows (set when its runs are restored). */
export const pageLesson = signal<string | null>(null);
