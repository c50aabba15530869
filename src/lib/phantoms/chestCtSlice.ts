import { createRng, deriveSeed } from '../random';
import { paintLungDetail } from './chestCtLungDetail';
import { paintAbdomen } from './chestCtAbdomen';
import { CT_CHANNELS, paintArms, paintBodyWall, paintSkeleton, paintTable } from './chestCtBody';
import { computeChestGeometry } from './chestCtGeometry';
import { applyCtScanner, paintLungDisease } from './chestCtDisease';
import { CHEST_LEVEL_MM, type ChestCtSubject } from './chestCtSubject';
import { paintLungs, paintMediastinum } from './chestCtThorax';
import { correlatedNoise, gaussianBlur } from './imageFilters';
import { createPhantomCanvas, downsampleChannel, downsampleLabels, type PhantomCanvas } from './phantomCanvas';

/** One rendered chest-CT slice: HU image, exact binary lung mask and tissue labels, each [size·size] row-major. */
export interface ChestCtSlice {
  size: number;
  z: number;
  /** Hounsfield units, rounded to integers, clipped below at −1024. */
  hu: Float32Array;
  /** 1 inside the lungs (left ∪ right, vessels and fissures included), else 0. */
  mask: Uint8Array;
  /** CT_LABELS per pixel (majority over the supersampled block). */
  labels: Uint8Array;
  /** Fraction of the slice's pixels inside the lung mask. */
  lungFraction: number;
}

/** Options for one slice. `noise: false` gives the noise-free, unblurred render (for tests). */
export interface ChestCtSliceOptions {
  size: number;
  /** Seed for the slice's own randomness (vessels, ribs, gas, noise). */
  sliceSeed: number;
  noise?: boolean;
}

/** Paints every structure of level z into a new supersampled canvas (the same slice seed gives the same random details). */
function paintLevel(subject: ChestCtSubject, z: number, size: number, sliceSeed: number): PhantomCanvas {
  const rng = createRng(deriveSeed(sliceSeed, 'anatomy'));
  const canvas = createPhantomCanvas({ size, fovMm: subject.fovMm, channelCount: 4, background: [subject.hu.air, 0, 0, 0] });
  const g = computeChestGeometry(subject, z);
  paintTable(canvas, subject, g);
  paintBodyWall(canvas, subject, g);
  paintArms(canvas, subject, g);
  paintLungs(canvas, subject, g);
  paintLungDetail(canvas, subject, g, rng);
  // Disease draws from its own streams, after the lung detail, so the course's draws stay as they were.
  paintLungDisease(canvas, subject, g, sliceSeed);
  paintAbdomen(canvas, subject, g, rng);
  paintMediastinum(canvas, subject, g, rng);
  paintSkeleton(canvas, subject, g, rng);
  return canvas;
}

/**
 * Thick slices: adds the other levels of the subject's slab to `hu` and `lung` and takes the mean, so
 * edges along z blur into partial volume; the mask then marks where lung fills at least half the slab.
 */
function averageSlab(subject: ChestCtSubject, z: number, options: ChestCtSliceOptions, hu: Float32Array, lung: Float32Array): void {
  const { levels, thicknessMm } = subject.variety.slab;
  if (levels < 2) return;
  const half = thicknessMm / CHEST_LEVEL_MM / 2;
  let painted = 1;
  for (let k = 0; k < levels; k++) {
    const offset = -half + (2 * half * k) / (levels - 1);
    if (Math.abs(offset) < 1e-12) continue;
    const canvas = paintLevel(subject, z + offset, options.size, options.sliceSeed);
    const h = downsampleChannel(canvas, CT_CHANNELS.hu);
    const l = downsampleChannel(canvas, CT_CHANNELS.lung);
    for (let q = 0; q < hu.length; q++) {
      hu[q] += h[q];
      lung[q] += l[q];
    }
    painted++;
  }
  for (let q = 0; q < hu.length; q++) {
    hu[q] /= painted;
    lung[q] /= painted;
  }
}

/** Renders one axial chest-CT slice of a subject at level z; the caller owns the arrays. */
export function renderChestCtSlice(subject: ChestCtSubject, z: number, options: ChestCtSliceOptions): ChestCtSlice {
  const { size } = options;
  const canvas = paintLevel(subject, z, size, options.sliceSeed);
  const hu = downsampleChannel(canvas, CT_CHANNELS.hu);
  const lung = downsampleChannel(canvas, CT_CHANNELS.lung);
  const labels = downsampleLabels(canvas);
  averageSlab(subject, z, options, hu, lung);
  const mask = new Uint8Array(size * size);
  let inside = 0;
  for (let k = 0; k < mask.length; k++) {
    if (lung[k] >= 0.5) {
      mask[k] = 1;
      inside++;
    }
  }
  if (options.noise !== false) {
    const scale = size / 128;
    gaussianBlur(hu, size, subject.psfSigmaPx * scale);
    applyCtScanner(hu, size, subject);
    const noiseRng = createRng(deriveSeed(options.sliceSeed, 'noise'));
    const noise = correlatedNoise(size, subject.noise.sigmaPx * scale, subject.noise.std, noiseRng);
    for (let k = 0; k < hu.length; k++) hu[k] += noise[k];
  } else applyCtScanner(hu, size, subject);
  const radius2 = (size / 2) * (size / 2);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const k = j * size + i;
      const dx = i + 0.5 - size / 2;
      const dy = j + 0.5 - size / 2;
      let v = Math.round(hu[k]);
      if (v < -1024 || (subject.circularFov && dx * dx + dy * dy > radius2)) v = -1024;
      hu[k] = v;
    }
  }
  return { size, z, hu, mask, labels, lungFraction: inside / mask.length };
}
