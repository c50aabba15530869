import { createRng, deriveSeed } from '../random';
import { paintLungDetail } from './chestCtLungDetail';
import { paintAbdomen } from './chestCtAbdomen';
import { CT_CHANNELS, paintArms, paintBodyWall, paintSkeleton, paintTable } from './chestCtBody';
import { computeChestGeometry } from './chestCtGeometry';
import type { ChestCtSubject } from './chestCtSubject';
import { paintLungs, paintMediastinum } from './chestCtThorax';
import { correlatedNoise, gaussianBlur } from './imageFilters';
import { createPhantomCanvas, downsampleChannel, downsampleLabels } from './phantomCanvas';

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

/** Renders one axial chest-CT slice of a subject at level z; the caller owns the arrays. */
export function renderChestCtSlice(subject: ChestCtSubject, z: number, options: ChestCtSliceOptions): ChestCtSlice {
  const { size } = options;
  const rng = createRng(deriveSeed(options.sliceSeed, 'anatomy'));
  const canvas = createPhantomCanvas({ size, fovMm: subject.fovMm, channelCount: 4, background: [subject.hu.air, 0, 0, 0] });
  const g = computeChestGeometry(subject, z);
  paintTable(canvas, subject, g);
  paintBodyWall(canvas, subject, g);
  paintArms(canvas, subject, g);
  paintLungs(canvas, subject, g);
  paintLungDetail(canvas, subject, g, rng);
  paintAbdomen(canvas, subject, g, rng);
  paintMediastinum(canvas, subject, g, rng);
  paintSkeleton(canvas, subject, g, rng);

  const hu = downsampleChannel(canvas, CT_CHANNELS.hu);
  const lung = downsampleChannel(canvas, CT_CHANNELS.lung);
  const labels = downsampleLabels(canvas);
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
    const noiseRng = createRng(deriveSeed(options.sliceSeed, 'noise'));
    const noise = correlatedNoise(size, subject.noise.sigmaPx * scale, subject.noise.std, noiseRng);
    for (let k = 0; k < hu.length; k++) hu[k] += noise[k];
  }
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
