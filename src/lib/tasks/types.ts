/**
 * What a task is, as data: the output activation, the losses it offers, the metrics it reports
 * (with their direction and formatting), the evaluation it runs, the pictures it draws of a
 * predicted slice, its default optimiser and its words. Widgets and the engine look these up
 * instead of branching on the task's name, so a new task is a new descriptor, not new branches.
 * Framework-free: plain data and pure functions (no UI, no TensorFlow.js).
 */
import type { Task } from '../data/types';
import type { DisplayRange, Rgb, RgbaImage } from '../render';
import type { TestMetrics } from '../train/evaluate';
import type { LossName, MetricName, OptimizerSettings } from '../train/types';

/** Whether a larger value of a metric is better. */
export type Direction = 'higher' | 'lower';

/** How a metric is named, compared and printed. */
export interface MetricSpec {
  name: MetricName;
  /** Short name for tables and sentences, e.g. "Dice" or "MAE". */
  short: string;
  /** The per-epoch label, e.g. "Validation Dice (hard)". */
  validationLabel: string;
  direction: Direction;
  /** Decimal places when printed. */
  digits: number;
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

export interface TaskDescriptor {
  task: Task;
  labels: TaskLabels;
  outputActivation: 'sigmoid' | 'linear';
  /** What a valid target array holds: 0/1 masks or continuous intensities. */
  targets: 'binary' | 'continuous';
  /** How augmentation resamples targets: masks keep their labels, images are resampled smoothly. */
  targetInterpolation: 'nearest' | 'bilinear';
  /** Losses the task offers, its default first. */
  losses: readonly LossName[];
  defaultLoss: LossName;
  /** The metric reported after every epoch. */
  epochMetric: MetricSpec;
  /** The test evaluation it runs (evaluate() dispatches on this). */
  evaluation: 'per-slice-hard-dice' | 'intensity-errors';
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
  /** What a widget shows of a whole-split evaluation of this task. */
  summarizeTest(metrics: TestMetrics): TestSummary;
  /** The baseline the page computes for this task (lookupBaseline request), or null. */
  baseline: BaselineSpec | null;
  /** Whether input and target are two images of one anatomy (the explorer then offers a registration check). */
  pairedImages: boolean;
}
