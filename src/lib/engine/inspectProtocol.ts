/**
 * The engine's requests that look inside the current model (receptive fields, knock-outs, attribution):
 * plain data and type imports only, spread into REQUESTS by protocol.ts.
 */
import type { SplitName } from '../data/types';
import type { Direction, TaskMetrics } from '../tasks';
import type { ChannelLayer, Knockout, SkipConnection } from '../inspect/knockout';

export type { ChannelLayer, Knockout, SkipConnection };

/** The current model's anatomy: where each output pixel looks, its skip connections and its convolutions. */
export interface ModelAnatomy {
  height: number;
  width: number;
  /**
   * The theoretical receptive field, separable by axis: output row r sees input rows [rowStart[r], rowEnd[r]]
   * and output column c input columns [columnStart[c], columnEnd[c]], clipped to the image (inclusive).
   */
  rowStart: Int32Array;
  rowEnd: Int32Array;
  columnStart: Int32Array;
  columnEnd: Int32Array;
  /** Merge inputs that jump from the encoder to the decoder, in model order (empty for a model without skips). */
  skips: SkipConnection[];
  /** Convolutions whose channels can be switched off (the output layer excluded), in model order. */
  layers: ChannelLayer[];
}

/** One slice of a split: the one whose prediction is sent back. */
export interface InspectSlice {
  split: SplitName;
  index: number;
}

/** The whole split scored with part of the model switched off, and the knocked-out prediction of one slice. */
export interface KnockedOut {
  /** The task's test metrics of the whole split (without per-patient numbers); its summarizeTest prints them. */
  metrics: TaskMetrics;
  height: number;
  width: number;
  /** [height, width]: the model's output for the slice asked for, with the knock-out. */
  prediction: Float32Array;
}

export interface RankChannelsParams {
  split: SplitName;
  layer: string;
  /** Slices scored per channel, spread evenly over the split (default 12; at most the split). */
  slices?: number;
}

/** The headline test number with each channel of one layer switched off in turn, on a few slices of a split. */
export interface ChannelRanking {
  layer: string;
  /** The task's first test number (e.g. hard Dice, MAE) and which way is better. */
  label: string;
  direction: Direction;
  /** That number with nothing switched off, and with channel c off (values[c]), on the same slices. */
  baseline: number;
  values: number[];
  /** The slices scored (indices into the split). */
  indices: number[];
}

export interface AttributeParams extends InspectSlice {
  /** [height, width] at the model's size: 1 where the learner painted (or picked) the prediction. */
  region: Uint8Array;
}

/** Gradient × input of the region's summed output, [height, width], on the normalised input the network sees. */
export interface AttributionMap {
  height: number;
  width: number;
  attribution: Float32Array;
  /** Painted pixels counted. */
  regionPixels: number;
}

interface Call<P, R> {
  readonly params: P;
  readonly result: R;
}
const call = <P, R>(): Call<P, R> => ({}) as Call<P, R>;

/** The look-inside requests (see protocol.ts's REQUESTS); each uses the current model and changes nothing of it. */
export const INSPECT_REQUESTS = {
  /** Receptive fields (from the layers' geometry), skip connections and convolutions of the current model. */
  inspectModel: call<Record<string, never>, ModelAnatomy>(),
  /** The current model with skips or channels switched off at inference: a split's metrics and one slice's prediction. */
  knockOut: call<InspectSlice & { knockout: Knockout }, KnockedOut>(),
  /** "Which channels matter": the headline number with each channel of one layer off in turn. */
  rankChannels: call<RankChannelsParams, ChannelRanking>(),
  /** Which input pixels drove a region of one slice's prediction (gradient × input). */
  attribute: call<AttributeParams, AttributionMap>(),
};
