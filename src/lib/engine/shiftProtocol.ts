/**
 * The shape of the engine's domain-shift request ("Will it work on another scanner?"): plain data and type
 * imports only, spread into protocol.ts's request list.
 */
import type { SplitName } from '../data/types';
import type { ShiftKind } from '../tasks/domainShifts';

export type { ShiftKind };

/** A request's parameters and result, carried by a placeholder value (as in protocol.ts). */
const call = <P, R>() => ({}) as { readonly params: P; readonly result: R };

export interface ShiftCurveParams {
  /** A shift of the task's table (src/lib/tasks/domainShifts.ts); the HU offset only on files in HU. */
  kind: ShiftKind;
  /** Strengths to measure, in the shift's own amount (its `none` gives the plain evaluation); may be empty. */
  strengths: number[];
  /** Default: test (val when the file has no test split). */
  split?: SplitName;
  /** One slice shown at one strength; `index` defaults to the slice with the most foreground (largest target). */
  example?: { strength: number; index?: number };
  /** Slices per forward pass; default 16, as the evaluation. */
  batchSize?: number;
  /** Seed of the noise (slice i uses seed + i); default 1. */
  seed?: number;
}

/** The task's curve metrics (keys of its test metrics, see the table) at one strength. */
export interface ShiftPoint {
  strength: number;
  metrics: Record<string, number>;
}

/** One slice before and after the shift at the model's size, in the file's units, and the model's output on the shifted slice; each [height, width]. */
export interface ShiftExample {
  index: number;
  strength: number;
  height: number;
  width: number;
  before: Float32Array;
  after: Float32Array;
  target: Float32Array;
  prediction: Float32Array;
}

export interface ShiftCurve {
  kind: ShiftKind;
  split: SplitName;
  /** Slices each point was measured on. */
  count: number;
  points: ShiftPoint[];
  example: ShiftExample | null;
}

/** The domain-shift request. */
export const SHIFT_REQUESTS = {
  /** The current model's test metrics with a shift applied to the stored slices before its normalisation, one point per strength. */
  shiftCurve: call<ShiftCurveParams, ShiftCurve>(),
};
