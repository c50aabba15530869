import { SettingsError } from '../errors';
import { SPLIT_NAMES, type LessonDataset, type SplitArrays } from './types';

export type ResizeInterpolation = 'nearest' | 'bilinear';

type SliceMap = (src: Float32Array, srcOffset: number, dst: Float32Array, dstOffset: number) => void;

function assertSize(height: number, width: number): void {
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
    throw new SettingsError(`Expected a size of whole pixels ≥ 1, but got ${height}×${width}.`, 'Use for example 128×128.');
  }
}

function mapDataset(dataset: LessonDataset, height: number, width: number, mapX: SliceMap, mapY: SliceMap): LessonDataset {
  const srcPixels = dataset.height * dataset.width;
  const dstPixels = height * width;
  const mapSplit = (split: SplitArrays): SplitArrays => {
    const x = new Float32Array(split.count * dstPixels);
    const y = new Float32Array(split.count * dstPixels);
    for (let n = 0; n < split.count; n++) {
      mapX(split.x, n * srcPixels, x, n * dstPixels);
      mapY(split.y, n * srcPixels, y, n * dstPixels);
    }
    return { x, y, count: split.count };
  };
  const out: LessonDataset = { height, width, train: mapSplit(dataset.train), val: mapSplit(dataset.val), attributes: { ...dataset.attributes } };
  if (dataset.test) out.test = mapSplit(dataset.test);
  return out;
}

function minimumX(dataset: LessonDataset): number {
  let min = Infinity;
  for (const name of SPLIT_NAMES) {
    const x = dataset[name]?.x;
    if (x) for (let i = 0; i < x.length; i++) if (x[i] < min) min = x[i];
  }
  return Number.isFinite(min) ? min : 0;
}

/**
 * Centre-crops and/or pads every slice to height×width. Returns a new dataset; padding uses
 * `padX` (default: the smallest X value, i.e. background such as air) and `padY` (default 0).
 */
export function cropOrPad(dataset: LessonDataset, height: number, width: number, options: { padX?: number; padY?: number } = {}): LessonDataset {
  assertSize(height, width);
  const padX = options.padX ?? minimumX(dataset);
  const padY = options.padY ?? 0;
  // Offsets of the destination window within the source (negative: padding before the image);
  // truncation puts an odd pixel of cropping or padding at the bottom/right.
  const top = Math.trunc((dataset.height - height) / 2);
  const left = Math.trunc((dataset.width - width) / 2);
  const srcW = dataset.width;
  const copy = (pad: number): SliceMap => (src, so, dst, dO) => {
    for (let r = 0; r < height; r++) {
      const sr = r + top;
      for (let c = 0; c < width; c++) {
        const sc = c + left;
        const inside = sr >= 0 && sr < dataset.height && sc >= 0 && sc < srcW;
        dst[dO + r * width + c] = inside ? src[so + sr * srcW + sc] : pad;
      }
    }
  };
  return mapDataset(dataset, height, width, copy(padX), copy(padY));
}

/**
 * Makes height and width divisible by `multiple` (4 for the lesson models) by centre padding
 * (default, keeps every pixel) or centre cropping. Returns a new dataset (the same sizes if already fine).
 */
export function cropOrPadToMultiple(dataset: LessonDataset, multiple: number, options: { mode?: 'pad' | 'crop'; padX?: number; padY?: number } = {}): LessonDataset {
  if (!Number.isInteger(multiple) || multiple < 1) throw new SettingsError(`Expected multiple to be a whole number ≥ 1, but got ${multiple}.`, 'The lesson models need 4.');
  const round = options.mode === 'crop' ? Math.floor : Math.ceil;
  const height = Math.max(multiple, round(dataset.height / multiple) * multiple);
  const width = Math.max(multiple, round(dataset.width / multiple) * multiple);
  return cropOrPad(dataset, height, width, options);
}

function resampler(srcH: number, srcW: number, height: number, width: number, interpolation: ResizeInterpolation): SliceMap {
  // Pixel centres align (like align_corners=false): source coordinate = (dst + 0.5)·scale − 0.5.
  const sy = srcH / height;
  const sx = srcW / width;
  if (interpolation === 'nearest') {
    return (src, so, dst, dO) => {
      for (let r = 0; r < height; r++) {
        const yr = Math.min(srcH - 1, Math.floor((r + 0.5) * sy));
        for (let c = 0; c < width; c++) dst[dO + r * width + c] = src[so + yr * srcW + Math.min(srcW - 1, Math.floor((c + 0.5) * sx))];
      }
    };
  }
  return (src, so, dst, dO) => {
    for (let r = 0; r < height; r++) {
      const fy = Math.min(srcH - 1, Math.max(0, (r + 0.5) * sy - 0.5));
      const y0 = Math.floor(fy);
      const y1 = Math.min(srcH - 1, y0 + 1);
      const wy = fy - y0;
      for (let c = 0; c < width; c++) {
        const fx = Math.min(srcW - 1, Math.max(0, (c + 0.5) * sx - 0.5));
        const x0 = Math.floor(fx);
        const x1 = Math.min(srcW - 1, x0 + 1);
        const wx = fx - x0;
        const top = src[so + y0 * srcW + x0] * (1 - wx) + src[so + y0 * srcW + x1] * wx;
        const bottom = src[so + y1 * srcW + x0] * (1 - wx) + src[so + y1 * srcW + x1] * wx;
        dst[dO + r * width + c] = top * (1 - wy) + bottom * wy;
      }
    }
  };
}

function isBinary(dataset: LessonDataset): boolean {
  for (const name of SPLIT_NAMES) {
    const y = dataset[name]?.y;
    if (y) for (let i = 0; i < y.length; i++) if (y[i] !== 0 && y[i] !== 1) return false;
  }
  return true;
}

/**
 * Resamples every slice to height×width: images bilinearly; targets by nearest neighbour when they
 * are binary masks (so they stay binary), else bilinearly, unless `targetInterpolation` says otherwise. Returns a new dataset.
 */
export function resizeDataset(dataset: LessonDataset, size: { height: number; width: number }, options: { targetInterpolation?: ResizeInterpolation } = {}): LessonDataset {
  const { height, width } = size;
  assertSize(height, width);
  const targetInterpolation = options.targetInterpolation ?? (isBinary(dataset) ? 'nearest' : 'bilinear');
  return mapDataset(
    dataset, height, width,
    resampler(dataset.height, dataset.width, height, width, 'bilinear'),
    resampler(dataset.height, dataset.width, height, width, targetInterpolation),
  );
}
