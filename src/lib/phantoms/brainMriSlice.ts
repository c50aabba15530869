import { createRng, deriveSeed, uniform } from '../random';
import { MR_CHANNELS, paintBrainAnatomy } from './brainMriAnatomy';
import { addRicianNoise, biasField, buildTissueLayers, computeTissueSignals } from './brainMriSignal';
import { BRAIN_LEVEL_MM, type BrainMriSubject } from './brainMriSubject';
import { gaussianBlur } from './imageFilters';
import { columnToMm, createPhantomCanvas, downsampleChannel, downsampleLabels, rowToMm, type PhantomCanvas } from './phantomCanvas';

/** One rendered brain-MRI slice: three contrasts of the same anatomy and its labels, each [size·size] row-major. */
export interface BrainMriSlice {
  size: number;
  z: number;
  /** Magnitude signal in the physics' units (PD-relative, ≈ 0–1), after blur, bias and Rician noise. */
  t1w: Float32Array;
  t2w: Float32Array;
  pdw: Float32Array;
  /** MR_LABELS per pixel (majority over the supersampled block). */
  labels: Uint8Array;
}

/** Options for one slice. `noise: false` gives noise-free, bias-free, unblurred signals (for tests). */
export interface BrainMriSliceOptions {
  size: number;
  sliceSeed: number;
  noise?: boolean;
}

/** Smooth regional factor for grey-matter T2w signal: ±amplitude in T2, as a signal factor at the T2w echo time. */
function greyMatterT2Field(canvas: PhantomCanvas, subject: BrainMriSubject, seed: number): Float32Array {
  const rng = createRng(seed);
  const waves: number[] = [];
  for (let k = 0; k < 3; k++) {
    const wavelength = uniform(rng, 40, 100);
    const direction = uniform(rng, 0, Math.PI);
    waves.push((2 * Math.PI * Math.cos(direction)) / wavelength, (2 * Math.PI * Math.sin(direction)) / wavelength, uniform(rng, 0, 2 * Math.PI));
  }
  const teOverT2 = subject.sequences.t2w.teMs / subject.relaxation.greyMatter.t2Tse;
  // cos(ax + by + c) = cos(ax)·cos(by + c) − sin(ax)·sin(by + c): trigonometry per row and column only.
  const w = canvas.width;
  const h = canvas.height;
  const colCos = new Float32Array(3 * w);
  const colSin = new Float32Array(3 * w);
  const rowCos = new Float32Array(3 * h);
  const rowSin = new Float32Array(3 * h);
  for (let k = 0; k < 3; k++) {
    for (let i = 0; i < w; i++) {
      const x = columnToMm(canvas, i);
      colCos[k * w + i] = Math.cos(waves[3 * k] * x);
      colSin[k * w + i] = Math.sin(waves[3 * k] * x);
    }
    for (let j = 0; j < h; j++) {
      const y = rowToMm(canvas, j);
      rowCos[k * h + j] = Math.cos(waves[3 * k + 1] * y + waves[3 * k + 2]);
      rowSin[k * h + j] = Math.sin(waves[3 * k + 1] * y + waves[3 * k + 2]);
    }
  }
  const field = new Float32Array(w * h);
  const amplitude = subject.gmT2Regional / 3;
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      let g = 0;
      for (let k = 0; k < 3; k++) g += colCos[k * w + i] * rowCos[k * h + j] - colSin[k * w + i] * rowSin[k * h + j];
      const delta = amplitude * g;
      field[j * w + i] = Math.exp(teOverT2 * (delta / (1 + delta)));
    }
  }
  return field;
}

function renderLevel(subject: BrainMriSubject, z: number, size: number, sliceSeed: number): PhantomCanvas {
  const canvas = createPhantomCanvas({ size, fovMm: subject.fovMm, channelCount: 4 });
  const layers = buildTissueLayers(computeTissueSignals(subject), greyMatterT2Field(canvas, subject, deriveSeed(sliceSeed, 'gm-t2')));
  // The same seed at every sub-level keeps the slice's random details (flow voids) in place.
  paintBrainAnatomy(canvas, subject, z, layers, createRng(deriveSeed(sliceSeed, 'anatomy')));
  return canvas;
}

/** Thick slices in every contrast: the mean over the slab's levels (`levels` odd, the slice's own level in the middle). */
function averageSlab(subject: BrainMriSubject, z: number, size: number, sliceSeed: number, images: Float32Array[]): void {
  const { levels, thicknessMm } = subject.slab ?? { levels: 1, thicknessMm: 0 };
  const half = thicknessMm / BRAIN_LEVEL_MM / 2;
  const channels = [MR_CHANNELS.t1w, MR_CHANNELS.t2w, MR_CHANNELS.pdw];
  let painted = 1;
  for (let k = 0; k < levels; k++) {
    const offset = -half + (2 * half * k) / Math.max(1, levels - 1);
    if (Math.abs(offset) < 1e-12) continue;
    const canvas = renderLevel(subject, z + offset, size, sliceSeed);
    channels.forEach((channel, c) => {
      const more = downsampleChannel(canvas, channel);
      for (let q = 0; q < more.length; q++) images[c][q] += more[q];
    });
    painted++;
  }
  for (const image of images) for (let q = 0; q < image.length; q++) image[q] /= painted;
}

/** Renders one axial brain slice at level z in T1w, T2w and PDw; the caller owns the arrays. */
export function renderBrainMriSlice(subject: BrainMriSubject, z: number, options: BrainMriSliceOptions): BrainMriSlice {
  const { size, sliceSeed } = options;
  const canvas = renderLevel(subject, z, size, sliceSeed);
  const t1w = downsampleChannel(canvas, MR_CHANNELS.t1w);
  const pdw = downsampleChannel(canvas, MR_CHANNELS.pdw);
  const t2w = downsampleChannel(canvas, MR_CHANNELS.t2w);
  const labels = downsampleLabels(canvas);
  if (subject.slab) averageSlab(subject, z, size, sliceSeed, [t1w, t2w, pdw]);
  const h = subject.t2SliceHalfThickness;
  if (h > 0) {
    // Thicker T2w slice, reaching 2h further up than the T1w slice: mean of levels z and z + 2h.
    const above = downsampleChannel(renderLevel(subject, z + 2 * h, size, sliceSeed), MR_CHANNELS.t2w);
    for (let k = 0; k < t2w.length; k++) t2w[k] = 0.5 * (t2w[k] + above[k]);
  }
  if (options.noise !== false) {
    const rng = createRng(deriveSeed(sliceSeed, 'noise'));
    const sigmaPx = subject.psfSigmaPx * (size / 128);
    const shared = biasField(size, subject.bias.shared, rng);
    const wm = computeTissueSignals(subject).whiteMatter;
    const contrasts = [
      { image: t1w, own: subject.bias.t1w, snr: subject.snr.t1w, wm: wm[0] },
      { image: t2w, own: subject.bias.t2w, snr: subject.snr.t2w, wm: wm[1] },
      { image: pdw, own: subject.bias.pdw, snr: subject.snr.pdw, wm: wm[2] },
    ];
    const scratch = new Float32Array(size * size);
    for (const c of contrasts) {
      gaussianBlur(c.image, size, sigmaPx, scratch);
      const own = biasField(size, c.own, rng);
      for (let k = 0; k < c.image.length; k++) c.image[k] *= shared[k] * own[k];
      addRicianNoise(c.image, c.wm / c.snr, rng);
    }
  }
  return { size, z, t1w, t2w, pdw, labels };
}
