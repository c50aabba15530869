/** Pixels as RGBA bytes ready for `new ImageData(rgba, width, height)`. */
export interface RgbaImage {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

/** Display range for an image: values at `min` are black, at `max` white. */
export interface DisplayRange {
  min: number;
  max: number;
}

/** A CT window: `width` HU wide, centred on `level` HU. */
export interface CtWindow {
  level: number;
  width: number;
}

/** Common CT windows (level/width in Hounsfield units). */
export const CT_WINDOWS = {
  lung: { level: -600, width: 1500 },
  mediastinum: { level: 40, width: 400 },
  bone: { level: 400, width: 1800 },
} as const satisfies Record<string, CtWindow>;

/** Converts a CT window to the grey range it shows. */
export function windowToRange({ level, width }: CtWindow): DisplayRange {
  return { min: level - width / 2, max: level + width / 2 };
}

/** Range from the 1st to the 99th percentile, robust to a few extreme pixels. */
export function percentileRange(values: ArrayLike<number>, low = 0.01, high = 0.99): DisplayRange {
  const sorted = Float32Array.from(values).filter(Number.isFinite).sort();
  if (sorted.length === 0) return { min: 0, max: 1 };
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
  const min = at(low);
  const max = at(high);
  return max > min ? { min, max } : { min, max: min + 1 };
}

/** Maps `values` (one channel, row-major [height, width]) to grey RGBA through `range`. New array. */
export function toGreyRgba(values: ArrayLike<number>, width: number, height: number, range: DisplayRange): RgbaImage {
  const n = width * height;
  if (values.length < n) throw new RangeError(`Expected ${n} values for a ${height}×${width} image, but got ${values.length}.`);
  const rgba = new Uint8ClampedArray(n * 4);
  const scale = 255 / (range.max - range.min || 1);
  for (let i = 0; i < n; i++) {
    const g = (values[i] - range.min) * scale;
    const o = i * 4;
    rgba[o] = g;
    rgba[o + 1] = g;
    rgba[o + 2] = g;
    rgba[o + 3] = 255;
  }
  return { width, height, rgba };
}
