import { snapshotBytes, type FeatureMapLayer } from './featureMapBytes';

/** The feature maps of one slice after one epoch, and what recording them cost. */
export interface FeatureMapSnapshot {
  /** 0-based epoch after which they were recorded. */
  epoch: number;
  layers: FeatureMapLayer[];
  /** Milliseconds the thread spent recording them (the pass and the scaling to bytes). */
  costMs: number;
}

/** Default cap on what a run's history keeps: 16 MiB (a 25-epoch lesson run at 128×128 keeps about 12 MB). */
export const DEFAULT_HISTORY_BYTES = 16 * 1024 * 1024;

/**
 * A run's feature-map snapshots, bounded in memory: it keeps the epochs that are multiples of a stride
 * (1 at first) plus the newest one; when a new snapshot would pass `maxBytes`, the stride doubles and the
 * epochs off it are dropped, so a long run keeps evenly spaced epochs, the first and the newest included.
 */
export function createFeatureMapHistory(options: { maxBytes?: number } = {}) {
  const maxBytes = options.maxBytes ?? DEFAULT_HISTORY_BYTES;
  let snapshots: FeatureMapSnapshot[] = [];
  let stride = 1;
  const total = () => snapshots.reduce((sum, s) => sum + snapshotBytes(s.layers), 0);
  return {
    /** Adds a snapshot (thinning older ones when the cap is reached); one snapshot alone over the cap is still kept. */
    add(snapshot: FeatureMapSnapshot): void {
      // The previous newest stays only if it is on the stride.
      const last = snapshots.at(-1);
      if (last && last.epoch % stride !== 0) snapshots.pop();
      snapshots.push(snapshot);
      while (snapshots.length > 1 && total() > maxBytes) {
        const before = snapshots.length;
        stride *= 2;
        snapshots = snapshots.filter((s, i) => s.epoch % stride === 0 || i === snapshots.length - 1);
        // Nothing left to thin but the first and the newest: keep the newest only.
        if (snapshots.length === before && before === 2) snapshots = snapshots.slice(1);
      }
    },
    clear(): void {
      snapshots = [];
      stride = 1;
    },
    /** The snapshot recorded after `epoch`, if kept. */
    at(epoch: number): FeatureMapSnapshot | undefined {
      return snapshots.find((s) => s.epoch === epoch);
    },
    /** Epochs kept, oldest first. */
    epochs(): number[] {
      return snapshots.map((s) => s.epoch);
    },
    /** Bytes kept now. */
    bytes(): number {
      return total();
    },
    /** Mean milliseconds a recording took, or null before any. */
    meanCostMs(): number | null {
      return snapshots.length === 0 ? null : snapshots.reduce((sum, s) => sum + s.costMs, 0) / snapshots.length;
    },
  };
}

export type FeatureMapHistory = ReturnType<typeof createFeatureMapHistory>;
