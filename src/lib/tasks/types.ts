/**
 * What a task is, as data: the output activation, the losses it offers, the metrics it reports
 * (with their direction and formatting), the evaluation it runs, the pictures it draws of a
 * predicted slice, its default optimiser and its words. Widgets and the engine look these up
 * instead of branching on the task's name, so a new task is a new descriptor, not new branches.
 * Framework-free: plain data and pure functions (no UI, no TensorFlow.js).
 */
import type { Task } from '../data/types';
import type { DatasetRules } from '../data/validateDataset';
import type { SplitVolumes } from '../data/volumesOfSplit';
import type { LossName } from '../losses/lossInfo';
import type { Direction, MetricSpec } from '../losses/metrics';
import type { DisplayRange, Rgb, RgbaImage } from '../render';
import type { OptimizerSettings, TrainingTask } from '../train/types';

export type { Direction, MetricSpec } from '../losses/metrics';

/** A task's test metrics: plain numbers under names the task chooses, tagged with the task. */
export interface TaskMetrics {
  task: Task;
  /** Slices evaluated. */
  count: number;
}

/** One batch of a split's predictions, as an evaluator receives it: [count, height, width, 1] flattened. */
export interface EvaluationBatch {
  /** Index of the batch's first slice in the split. */
  start: number;
  count: number;
  input: Float32Array;
  target: Float32Array;
  prediction: Float32Array;
}

/** What an evaluator needs to know of the split it scores. */
export interface EvaluatorOptions {
  height: number;
  width: number;
  /** Slices in the split. */
  count: number;
  /** Intensity span for PSNR and SSIM (intensity tasks), default 1. */
  dataRange?: number;
  /** A precomputed mask of the split ([count, height, width] flattened, 1 inside) where the task scores a region. */
  headMask?: Uint8Array | Float32Array;
  /** The split's patients and where their slices lie (data/volumesOfSplit), for per-patient metrics; none without. */
  volumes?: SplitVolumes;
}

/** Scores a split batch by batch (pure: plain arrays in, plain numbers out). */
export interface TaskEvaluator {
  add(batch: EvaluationBatch): void;
  result(): TaskMetrics;
}

/** One picture of a predicted slice with what it shows. */
export interface LabelledImage {
  /** Stable key for lists. */
  key: string;
  image: RgbaImage;
  label: string;
}

/** One colour of a picture's legend. */
export interface LegendEntry {
  colour: Rgb;
  label: string;
}

/** A colour bar: values from min to max in `unit`, drawn with `stops` (evenly spaced colours). */
export interface ColourScale {
  min: number;
  max: number;
  label: string;
  stops: Rgb[];
}

/** Everything a widget shows of one predicted slice. */
export interface SliceView {
  /** The full set of pictures, row by row (the evaluation's close look). */
  rows: LabelledImage[][];
  /**
   * Draw every row's pictures at the size of the widest row's, a shorter row centred (so the two error
   * maps under four pictures sit under the middle two); by default each row fills the width on its own.
   */
  alignColumns?: boolean;
  /** The two pictures a slice browser shows large. */
  compact: LabelledImage[];
  legend: LegendEntry[];
  scale: ColourScale | null;
  /** The slice's own score, e.g. its hard Dice or MAE. */
  score: { label: string; value: number; text: string };
  /** A histogram of the slice's pixel errors, when the task draws one. */
  histogram?: HistogramData;
}

/** One predicted slice: input, target and output [height, width] row-major, in the stored units. */
export interface PredictedSlice {
  width: number;
  height: number;
  input: ArrayLike<number>;
  target: ArrayLike<number>;
  output: ArrayLike<number>;
  /** The task's baseline on the same slice (e.g. the lookup table's T2), drawn beside the network's output when given. */
  baseline?: { label: string; output: ArrayLike<number> };
}

/** Settings of the slice pictures a widget offers (only those named in `sliceControls` are used). */
export interface SliceViewOptions {
  threshold: number;
  opacity: number;
}

export type SliceControl = 'threshold' | 'opacity';

/** A number of the test evaluation, labelled and printed. */
export interface SummaryNumber {
  label: string;
  value: number;
  text: string;
}

/** What a widget shows of a whole-split evaluation. */
export interface TestSummary {
  count: number;
  numbers: SummaryNumber[];
  /** Per-slice values to draw as a histogram over [min, max], or null when the task has none. */
  distribution: HistogramData | null;
  /** The slice to look at first, and why; null to keep the learner's slice. */
  typicalSlice: { index: number; note: string } | null;
  /** Per-patient (per-volume) numbers, when the task measures them and the file says which slices are whose. */
  perVolume?: VolumeTable;
}

/** A table of per-patient numbers, printed: one row per patient, then the mean ± spread over patients. */
export interface VolumeTable {
  caption: string;
  /** Headers of the number columns, units included (e.g. "HD95 (mm)"). */
  columns: string[];
  rows: { label: string; slices: number; cells: string[] }[];
  /** Per column, "mean ± standard deviation" over the patients with a value (their count when some have none). */
  mean: string[];
  /** What is missing and why (e.g. HD95 unknown for this file), and what a dash means. */
  notes: string[];
}

/** Words a task uses for its data and its pictures. */
export interface TaskLabels {
  /** "Segmentation", "Image translation". */
  title: string;
  /** What the input is, e.g. "CT slice". */
  input: string;
  /** What the target is, e.g. "lung mask". */
  target: string;
  /** What the model's output is, e.g. "predicted lung probability". */
  prediction: string;
  /** The foreground counted per split (e.g. "with lung"), or null when targets are not masks. */
  foregroundColumn: string | null;
}

/** A simple method the network has to beat, computed in the page (e.g. a T1 → T2 lookup table). */
export interface BaselineSpec {
  /** Names it in legends and tables, e.g. "Lookup table T1 → T2". */
  label: string;
  /** The loss whose axis shows its validation score (the chart draws it only when its loss is this). */
  loss: LossName;
  /** What it is, in one sentence. */
  description: string;
  /** The test metrics a finished run is compared on (keys of the task's metrics, as the baseline is scored alike). */
  compared: readonly BaselineMetric[];
  /** What to try when a run has not beaten it, as the end of a sentence ("try …"). */
  advice: string;
}

/** One metric a run and its baseline are compared on. */
export interface BaselineMetric {
  /** The key in the task's metrics (e.g. "maeInHead"). */
  key: string;
  /** How it is named in a sentence, e.g. "MAE inside the head". */
  label: string;
  direction: Direction;
  digits: number;
}

/** One bin range of a histogram: values and the span drawn, with its caption. */
export interface HistogramData {
  values: number[];
  min: number;
  max: number;
  label: string;
  /** Decimals of the axis labels. */
  digits?: number;
}

/**
 * Everything that differs between tasks. It is a TrainingTask (what the training layer needs), plus
 * the task's words, data rules, default run settings, pictures and evaluation.
 */
export interface TaskDescriptor extends TrainingTask {
  labels: TaskLabels;
  /** The metric reported after every epoch (from the metric registry). */
  epochMetric: MetricSpec;
  /** How a dataset for this task is checked when it is read (targets, warnings). */
  data: DatasetRules;
  /** Whether the task's inputs are CT in Hounsfield units (the HU normalisations are offered only then). */
  hounsfieldInput: boolean;
  /** The lesson's default optimiser, and batch size, for a run that names no other. */
  defaultOptimizer: OptimizerSettings;
  defaultBatchSize: number;
  /** Whether the training panel ticks augmentation at first. */
  augmentByDefault: boolean;
  /** How the panel sizes a first run: minutes it aims for, and the epochs a size must allow (min) and may use (max). */
  firstRun: { minutes: number; minEpochs: number; maxEpochs: number };
  /** Controls of the slice pictures worth offering. */
  sliceControls: readonly SliceControl[];
  /** Display range of an input slice. */
  inputRange(input: ArrayLike<number>): DisplayRange;
  /** Display range of targets and predictions (shared, so they compare). */
  outputRange(target: ArrayLike<number>): DisplayRange;
  /** A target drawn on its own. */
  renderTarget(target: ArrayLike<number>, width: number, height: number): RgbaImage;
  /** A target drawn over its input picture, or null when that means nothing for the task. */
  overlayTarget: ((image: RgbaImage, target: ArrayLike<number>) => RgbaImage) | null;
  /** The pictures of one predicted slice. */
  renderSlice(slice: PredictedSlice, options: SliceViewOptions): SliceView;
  /** A fresh evaluator of a split: the test metrics of this task, from the shared metric functions. */
  createEvaluator(options: EvaluatorOptions): TaskEvaluator;
  /** What a widget shows of a whole-split evaluation of this task (its own metrics; throws on another task's). */
  summarizeTest(metrics: TaskMetrics): TestSummary;
  /** The baseline the page computes for this task (lookupBaseline request), or null. */
  baseline: BaselineSpec | null;
  /** Whether input and target are two images of one anatomy (the explorer then offers a registration check). */
  pairedImages: boolean;
}
