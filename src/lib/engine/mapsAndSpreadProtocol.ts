/**
 * The shapes of the engine's look-inside requests of the feature-map and uncertainty views: plain data
 * and type imports only, spread into protocol.ts's request list.
 */
import type { SplitName } from '../data/types';
import type { FeatureMapLayer } from '../inspect/featureMapBytes';
import type { InspectProgress } from './inspectPass';

export type { FeatureMapLayer, InspectProgress };

/** A request's parameters and result, carried by a placeholder value (as in protocol.ts). */
const call = <P, R>() => ({}) as { readonly params: P; readonly result: R };

/** Which slice a run records feature maps of at the end of every epoch; `enabled: false` stops recording. */
export interface FeatureMapWatch {
  split: SplitName;
  index: number;
  enabled?: boolean;
}

/** What the feature-map history holds: the slice it follows, the epochs kept, its size and its cost. */
export interface FeatureMapRecord {
  watching: { split: SplitName; index: number } | null;
  /** 0-based epochs kept, oldest first (thinned evenly when the cap is reached). */
  epochs: number[];
  bytes: number;
  maxBytes: number;
  /** Mean milliseconds a recording took, and the mean epoch it was recorded after (null before any). */
  meanCostMs: number | null;
  meanEpochMs: number | null;
}

/** Feature maps of a slice: recorded after `epoch` of the last run, or (no epoch) computed from the current model now. */
export interface FeatureMapParams {
  split: SplitName;
  index: number;
  epoch?: number;
}

export interface FeatureMaps {
  split: SplitName;
  index: number;
  /** The epoch they were recorded after; null: the current model, now. */
  epoch: number | null;
  /** One entry per convolutional layer, in the network's order. */
  layers: FeatureMapLayer[];
}

export interface UncertaintyParams {
  /** Default: test (val when the file has no test split). */
  split?: SplitName;
  /** The slice whose maps are returned. */
  index: number;
  /** Pixels each shift moves the slice (default 2). */
  shift?: number;
}

/** Test-time augmentation's spread beside the error, for one slice and as one number per slice of the split. */
export interface Uncertainty {
  split: SplitName;
  index: number;
  height: number;
  width: number;
  /** The chosen slice: input in stored units, target, plain prediction, spread and |prediction − target|, each [height, width]. */
  input: Float32Array;
  target: Float32Array;
  prediction: Float32Array;
  spread: Float32Array;
  error: Float32Array;
  /** Per slice of the split, in order: mean spread and mean |prediction − target|. */
  perSlice: { spread: number[]; error: number[] };
  /** Slice indices by mean spread, most uncertain first (at most 10). */
  mostUncertain: number[];
  /** Spearman's rank correlation between per-slice spread and error; null when undefined. */
  rankCorrelation: number | null;
  /** The passes averaged, in words. */
  passes: string[];
  /** Passes with dropout on (0: the model has no dropout). */
  dropoutPasses: number;
}

/** The look-inside requests: feature maps over time and uncertainty beside error. */
export const MAPS_AND_SPREAD_REQUESTS = {
  /** Records feature maps of this slice after every epoch of every run from now on (the history restarts with each run). */
  watchFeatureMaps: call<FeatureMapWatch, FeatureMapRecord>(),
  /** The feature-map history: the slice, the epochs kept, its size and cost. */
  featureMapRecord: call<Record<string, never>, FeatureMapRecord>(),
  /** Every convolutional layer's channels for one slice, recorded after an epoch or computed now. */
  featureMaps: call<FeatureMapParams, FeatureMaps>(),
  /** Test-time augmentation's spread beside the error on a split, and one slice's maps. */
  uncertainty: call<UncertaintyParams, Uncertainty>(),
  /** The look-inside pass over a split under way (knock-out scoring, uncertainty), or null: asked while it runs. */
  inspectProgress: call<Record<string, never>, InspectProgress | null>(),
  /** Stops that pass: its request rejects with MeasurementStopped and keeps nothing. */
  stopInspect: call<Record<string, never>, null>(),
};
