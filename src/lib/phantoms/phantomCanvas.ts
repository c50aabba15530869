/**
 * A supersampled drawing surface for phantoms. Structures are painted in order ("painter's
 * algorithm"); each one covers a pixel by a fraction f from its signed distance through a
 * logistic edge, and every channel is blended as v ← v + f·(value − v). Downsampling the
 * supersampled grid then gives partial volume, and a mask channel blended the same way gives
 * labels that are exact at the 50 % iso-line.
 */
export interface PhantomCanvas {
  /** Supersampled grid size in pixels. */
  width: number;
  height: number;
  /** Supersampling factor relative to the output image. */
  factor: number;
  /** Size of one supersampled pixel in mm. */
  mmPerPixel: number;
  /** Width (mm) of the logistic edge: f = 1 / (1 + exp(d / edgeMm)). */
  edgeMm: number;
  /** One Float32Array of width·height per channel (e.g. HU and lung mask, or T1w/T2w/PD). */
  channels: Float32Array[];
  /** Index of the last structure that covered each pixel by at least one half. */
  label: Uint8Array;
}

/** How one structure writes into the canvas. */
export interface Layer {
  /** Value per channel; NaN leaves that channel unchanged (e.g. vessels keep the lung mask). */
  values: readonly number[];
  /** Label written where the coverage is at least 0.5. */
  label: number;
  /** If set, coverage is multiplied by this channel's current value (paint only "inside" it). */
  within?: number;
  /** If set, channel `channel` gets values[channel] + perMmY · y (a vertical gradient, y in mm). */
  gradientY?: { channel: number; perMmY: number };
  /** If set, channel `channel` gets values[channel] · field[index] (a smooth regional factor). */
  scale?: { channel: number; field: Float32Array };
}

/** Creates a canvas for an output of size×size pixels over fovMm, supersampled by `factor`; the caller owns it. */
export function createPhantomCanvas(options: {
  size: number;
  fovMm: number;
  channelCount: number;
  factor?: number;
  background?: readonly number[];
  edgeSubpixels?: number;
}): PhantomCanvas {
  const factor = options.factor ?? 2;
  const n = options.size * factor;
  const mmPerPixel = options.fovMm / n;
  const channels: Float32Array[] = [];
  for (let c = 0; c < options.channelCount; c++) {
    const ch = new Float32Array(n * n);
    const bg = options.background?.[c] ?? 0;
    if (bg !== 0) ch.fill(bg);
    channels.push(ch);
  }
  return {
    width: n,
    height: n,
    factor,
    mmPerPixel,
    edgeMm: (options.edgeSubpixels ?? 0.5) * mmPerPixel,
    channels,
    label: new Uint8Array(n * n),
  };
}

/** x (mm, + to the image right) of the centre of column i; the FOV centre is 0. */
export function columnToMm(canvas: PhantomCanvas, i: number): number {
  return (i + 0.5 - canvas.width / 2) * canvas.mmPerPixel;
}

/** y (mm, + downwards) of the centre of row j. */
export function rowToMm(canvas: PhantomCanvas, j: number): number {
  return (j + 0.5 - canvas.height / 2) * canvas.mmPerPixel;
}

/** Column range [i0, i1) whose pixel centres lie within [xMin, xMax] mm, clamped to the canvas. */
export function columnRange(canvas: PhantomCanvas, xMin: number, xMax: number): [number, number] {
  const i0 = Math.max(0, Math.floor(xMin / canvas.mmPerPixel + canvas.width / 2 - 0.5));
  const i1 = Math.min(canvas.width, Math.ceil(xMax / canvas.mmPerPixel + canvas.width / 2 - 0.5) + 1);
  return [i0, i1];
}

/** Row range [j0, j1) whose pixel centres lie within [yMin, yMax] mm, clamped to the canvas. */
export function rowRange(canvas: PhantomCanvas, yMin: number, yMax: number): [number, number] {
  const j0 = Math.max(0, Math.floor(yMin / canvas.mmPerPixel + canvas.height / 2 - 0.5));
  const j1 = Math.min(canvas.height, Math.ceil(yMax / canvas.mmPerPixel + canvas.height / 2 - 0.5) + 1);
  return [j0, j1];
}

/** Distance, in edge widths, beyond which coverage is taken as exactly 0 or 1 (error < 0.03 %). */
export const EDGE_REACH = 8;

/** Coverage of a pixel at signed distance d (mm, negative inside) through the logistic edge. */
export function coverage(d: number, edgeMm: number): number {
  const t = d / edgeMm;
  if (t <= -EDGE_REACH) return 1;
  if (t >= EDGE_REACH) return 0;
  return 1 / (1 + Math.exp(t));
}

/** Blends one layer into pixel k with coverage f (0..1); y is the pixel's y in mm, for gradients. */
export function blendPixel(canvas: PhantomCanvas, k: number, f: number, layer: Layer, y: number): void {
  if (layer.within !== undefined) f *= canvas.channels[layer.within][k];
  if (f <= 1e-4) return;
  const { values } = layer;
  const { channels } = canvas;
  for (let c = 0; c < values.length; c++) {
    let v = values[c];
    if (v !== v) continue;
    if (layer.gradientY !== undefined && layer.gradientY.channel === c) v += layer.gradientY.perMmY * y;
    if (layer.scale !== undefined && layer.scale.channel === c) v *= layer.scale.field[k];
    const ch = channels[c];
    ch[k] += f * (v - ch[k]);
  }
  if (f >= 0.5) canvas.label[k] = layer.label;
}

/** Averages factor×factor blocks of one channel into a new [size·size] array the caller owns. */
export function downsampleChannel(canvas: PhantomCanvas, channel: number): Float32Array {
  const { factor, width } = canvas;
  const size = width / factor;
  const src = canvas.channels[channel];
  const out = new Float32Array(size * size);
  const norm = 1 / (factor * factor);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      let sum = 0;
      for (let dj = 0; dj < factor; dj++) {
        const row = (j * factor + dj) * width + i * factor;
        for (let di = 0; di < factor; di++) sum += src[row + di];
      }
      out[j * size + i] = sum * norm;
    }
  }
  return out;
}

/** Majority label of each factor×factor block (ties go to the later, higher-drawn block pixel); caller owns the result. */
export function downsampleLabels(canvas: PhantomCanvas): Uint8Array {
  const { factor, width, label } = canvas;
  const size = width / factor;
  const out = new Uint8Array(size * size);
  const votes = new Uint8Array(256);
  const seen: number[] = [];
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      seen.length = 0;
      let best = 0;
      let bestVotes = 0;
      for (let dj = 0; dj < factor; dj++) {
        const row = (j * factor + dj) * width + i * factor;
        for (let di = 0; di < factor; di++) {
          const l = label[row + di];
          if (votes[l] === 0) seen.push(l);
          const v = ++votes[l];
          if (v >= bestVotes) {
            bestVotes = v;
            best = l;
          }
        }
      }
      for (const l of seen) votes[l] = 0;
      out[j * size + i] = best;
    }
  }
  return out;
}
