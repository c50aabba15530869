/**
 * Metrics of a whole volume (one patient) rather than of single slices: 3-D Dice and the 95th-percentile
 * Hausdorff distance in millimetres for masks; MAE, PSNR and SSIM inside a region for intensities.
 * Arrays are [slices, height, width] flattened, row-major, as the lesson files store them.
 */
import { ShapeError } from '../errors';
import { createIntensityErrors } from './intensityMetrics';
import { ssimInMaskPerSlice } from './ssim';
import { boundaryOf, squaredDistanceMap, type StackGeometry } from './surfaceDistance';

export type { StackGeometry } from './surfaceDistance';

function assertVolume(what: string, geometry: Pick<StackGeometry, 'slices' | 'height' | 'width'>, ...arrays: ArrayLike<number>[]): void {
  const n = geometry.slices * geometry.height * geometry.width;
  for (const a of arrays) {
    if (a.length !== n) {
      throw new ShapeError(
        `Expected ${what} to get ${geometry.slices}×${geometry.height}×${geometry.width} = ${n} values per array, but got ${a.length}.`,
        'Pass the voxels of one volume, [slices, height, width] flattened.',
      );
    }
  }
}

/**
 * Dice of two masks over a whole volume: 2|A∩B| / (|A| + |B|), a voxel being inside where its value is
 * above 0.5 (probabilities are thresholded the same way). 1 when both are empty.
 */
export function dice3d(truth: ArrayLike<number>, prediction: ArrayLike<number>): number {
  if (truth.length !== prediction.length) {
    throw new ShapeError(`Expected dice3d to compare volumes of one size, but got ${truth.length} and ${prediction.length} voxels.`, 'Pass the reference and the prediction on the same grid.');
  }
  let both = 0;
  let sum = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i] > 0.5 ? 1 : 0;
    const p = prediction[i] > 0.5 ? 1 : 0;
    both += t & p;
    sum += t + p;
  }
  return sum === 0 ? 1 : (2 * both) / sum;
}

/** The q-th quantile (0–1) of values by linear interpolation between order statistics (numpy's default). */
function quantile(values: Float64Array, q: number): number {
  const sorted = values.slice().sort();
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
}

/** Distances (mm) from each boundary voxel of `from` to the nearest boundary voxel of `to`. */
function directedDistances(from: Uint8Array, toDistances: Float32Array): Float64Array {
  let n = 0;
  for (const b of from) n += b;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < from.length; i++) if (from[i]) out[k++] = Math.sqrt(toDistances[i]);
  return out;
}

/**
 * The 95th-percentile Hausdorff distance (mm) between two masks: the larger of the two directed 95th
 * percentiles of boundary-to-boundary distances (the convention of MedPy's hd95 and MONAI). Slices
 * lie at `slicePositions`, so a stack of separate slices is measured where its slices really are; with
 * `inPlane` the boundaries are the slices' own contours. NaN when either mask is empty.
 */
export function hausdorff95(truth: ArrayLike<number>, prediction: ArrayLike<number>, geometry: StackGeometry, options: { inPlane?: boolean } = {}): number {
  assertVolume('hausdorff95', geometry, truth, prediction);
  if (geometry.slicePositions.length !== geometry.slices) {
    throw new ShapeError(`Expected ${geometry.slices} slice positions for hausdorff95, but got ${geometry.slicePositions.length}.`, 'Give the position of every slice in millimetres.');
  }
  const inPlane = options.inPlane ?? false;
  // Every boundary voxel lies in the box around both masks, so the distances are measured there only:
  // a 512×512×300 CT's lungs need a fraction of the whole grid's distance map.
  const crop = cropAround(truth, prediction, geometry);
  if (!crop) return Number.NaN;
  const a = boundaryOf(crop.truth, crop.geometry, { inPlane });
  const b = boundaryOf(crop.prediction, crop.geometry, { inPlane });
  if (!a.includes(1) || !b.includes(1)) return Number.NaN;
  const ab = directedDistances(a, squaredDistanceMap(b, crop.geometry));
  const ba = directedDistances(b, squaredDistanceMap(a, crop.geometry));
  return Math.max(quantile(ab, 0.95), quantile(ba, 0.95));
}

/**
 * Both masks (> 0.5) cut to the box that holds every voxel of either, one voxel wider on each side where
 * the grid allows: a boundary found in the box is the boundary on the whole grid (outside the box is
 * background, and the image's own edge stays an edge). Null when both masks are empty.
 */
function cropAround(truth: ArrayLike<number>, prediction: ArrayLike<number>, g: StackGeometry): { truth: Uint8Array; prediction: Uint8Array; geometry: StackGeometry } | null {
  const { slices, height, width } = g;
  const lo = [slices, height, width];
  const hi = [-1, -1, -1];
  for (let s = 0, i = 0; s < slices; s++) {
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++, i++) {
        if (truth[i] > 0.5 || prediction[i] > 0.5) {
          [s, r, c].forEach((v, axis) => { lo[axis] = Math.min(lo[axis], v); hi[axis] = Math.max(hi[axis], v); });
        }
      }
    }
  }
  if (hi[0] < 0) return null;
  const n = [slices, height, width];
  const from = lo.map((v) => Math.max(0, v - 1));
  const to = hi.map((v, axis) => Math.min(n[axis] - 1, v + 1));
  const [cs, ch, cw] = from.map((f, axis) => to[axis] - f + 1);
  const cropT = new Uint8Array(cs * ch * cw);
  const cropP = new Uint8Array(cs * ch * cw);
  for (let s = 0, k = 0; s < cs; s++) {
    for (let r = 0; r < ch; r++) {
      const row = ((from[0] + s) * height + from[1] + r) * width + from[2];
      for (let c = 0; c < cw; c++, k++) {
        cropT[k] = truth[row + c] > 0.5 ? 1 : 0;
        cropP[k] = prediction[row + c] > 0.5 ? 1 : 0;
      }
    }
  }
  const positions = Array.from({ length: cs }, (_, s) => g.slicePositions[from[0] + s]);
  return { truth: cropT, prediction: cropP, geometry: { ...g, slices: cs, height: ch, width: cw, slicePositions: positions } };
}

/** Per-volume intensity metrics inside a region (e.g. the head). */
export interface RegionIntensityMetrics {
  /** Mean |prediction − target| over the region's voxels. */
  mae: number;
  /** 10·log10(dataRange² / MSE) over the region's voxels, dB. */
  psnr: number;
  /** Mean of the SSIM map over the region's pixels (see ssimInMaskPerSlice), averaged over slices that hold some; NaN for slices under 11×11. */
  ssim: number;
  /** Voxels in the region. */
  voxels: number;
}

/** MAE, PSNR and SSIM of one volume inside `region` (> 0.5 inside); NaN values when the region is empty. */
export function regionIntensityMetrics(
  target: ArrayLike<number>, prediction: ArrayLike<number>, region: ArrayLike<number>,
  options: { slices: number; height: number; width: number; dataRange: number },
): RegionIntensityMetrics {
  assertVolume('regionIntensityMetrics', options, target, prediction, region);
  const errors = createIntensityErrors();
  const inTarget: number[] = [];
  const inPrediction: number[] = [];
  for (let i = 0; i < target.length; i++) {
    if (region[i] > 0.5) {
      inTarget.push(target[i]);
      inPrediction.push(prediction[i]);
    }
  }
  if (inTarget.length === 0) return { mae: Number.NaN, psnr: Number.NaN, ssim: Number.NaN, voxels: 0 };
  errors.add(inTarget, inPrediction);
  let ssimSum = 0;
  let ssimSlices = 0;
  if (options.height >= 11 && options.width >= 11) {
    for (const value of ssimInMaskPerSlice(target, prediction, region, options)) {
      if (!Number.isNaN(value)) {
        ssimSum += value;
        ssimSlices++;
      }
    }
  }
  return { mae: errors.mae(), psnr: errors.psnr(options.dataRange), ssim: ssimSlices > 0 ? ssimSum / ssimSlices : Number.NaN, voxels: inTarget.length };
}
