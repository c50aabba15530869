import { describe, expect, it } from 'vitest';
import { renderChestCtSlice } from '../../../src/lib/phantoms/chestCtSlice';
import { chestSliceLevels, sampleChestCtSubject } from '../../../src/lib/phantoms/chestCtSubject';
import { CT_LABELS } from '../../../src/lib/phantoms/chestCtTissues';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** HU of the pixels whose label and whose 4 neighbours' labels are all `label` (no partial volume). */
function interiorHu(hu: Float32Array, labels: Uint8Array, size: number, label: number): number[] {
  const out: number[] = [];
  for (let j = 1; j < size - 1; j++) {
    for (let i = 1; i < size - 1; i++) {
      const k = j * size + i;
      if (labels[k] === label && labels[k - 1] === label && labels[k + 1] === label && labels[k - size] === label && labels[k + size] === label) out.push(hu[k]);
    }
  }
  return out;
}

describe('chest-CT phantom', () => {
  it('renders the same slice for the same seeds and a different one for another seed', () => {
    const subject = sampleChestCtSubject(11);
    const a = renderChestCtSlice(subject, 0.5, { size: 32, sliceSeed: 3 });
    const b = renderChestCtSlice(sampleChestCtSubject(11), 0.5, { size: 32, sliceSeed: 3 });
    const c = renderChestCtSlice(subject, 0.5, { size: 32, sliceSeed: 4 });
    const d = renderChestCtSlice(sampleChestCtSubject(12), 0.5, { size: 32, sliceSeed: 3 });
    expect(Array.from(a.hu)).toEqual(Array.from(b.hu));
    expect(Array.from(a.mask)).toEqual(Array.from(b.mask));
    expect(Array.from(a.hu)).not.toEqual(Array.from(c.hu));
    expect(Array.from(a.hu)).not.toEqual(Array.from(d.hu));
  });

  it('puts tissues at their Hounsfield units on noise-free renders', () => {
    const lung: number[] = [];
    const muscle: number[] = [];
    const fat: number[] = [];
    for (let s = 0; s < 4; s++) {
      const slice = renderChestCtSlice(sampleChestCtSubject(100 + s), 0.45, { size: 96, sliceSeed: s, noise: false });
      lung.push(median(interiorHu(slice.hu, slice.labels, 96, CT_LABELS.lung)));
      muscle.push(median(interiorHu(slice.hu, slice.labels, 96, CT_LABELS.muscle)));
      fat.push(median(interiorHu(slice.hu, slice.labels, 96, CT_LABELS.fat)));
    }
    const within = (values: number[], lo: number, hi: number): void => {
      for (const v of values) {
        expect(v).toBeGreaterThanOrEqual(lo);
        expect(v).toBeLessThanOrEqual(hi);
      }
    };
    within(lung, -910, -750);
    within(muscle, 10, 60);
    within(fat, -120, -50);
  });

  it('clips at -1024 and stores integer HU with noise', () => {
    const slice = renderChestCtSlice(sampleChestCtSubject(5), 0.5, { size: 48, sliceSeed: 1 });
    let min = Infinity;
    for (const v of slice.hu) {
      expect(Number.isInteger(v)).toBe(true);
      min = Math.min(min, v);
    }
    expect(min).toBe(-1024);
  });

  it('gives binary masks that hold vessels but never the trachea, bronchi or gas', () => {
    let vesselsInside = 0;
    let airInside = 0;
    let airPixels = 0;
    let nonBinary = 0;
    for (let s = 0; s < 6; s++) {
      const subject = sampleChestCtSubject(200 + s);
      for (const z of [0.2, 0.38, 0.6, 0.85]) {
        const slice = renderChestCtSlice(subject, z, { size: 64, sliceSeed: s });
        for (let k = 0; k < slice.mask.length; k++) {
          if (slice.mask[k] !== 0 && slice.mask[k] !== 1) nonBinary++;
          const l = slice.labels[k];
          if (l === CT_LABELS.airway || l === CT_LABELS.bowelGas || l === CT_LABELS.tableFoam) {
            airPixels++;
            airInside += slice.mask[k];
          }
          if (l === CT_LABELS.pulmonaryVessel && slice.mask[k] === 1) vesselsInside++;
        }
      }
    }
    expect(nonBinary).toBe(0);
    expect(airPixels).toBeGreaterThan(50);
    expect(airInside).toBe(0);
    expect(vesselsInside).toBeGreaterThan(0);
  });

  it('has realistic lung fractions and some lung-free levels', () => {
    const fractions: number[] = [];
    let empty = 0;
    let total = 0;
    for (let s = 0; s < 8; s++) {
      const seed = 300 + s;
      const subject = sampleChestCtSubject(seed);
      chestSliceLevels(seed, 10).forEach((z, k) => {
        const slice = renderChestCtSlice(subject, z, { size: 48, sliceSeed: k, noise: false });
        total++;
        if (slice.lungFraction === 0) empty++;
        else if (z > 0.1 && z < 0.8) fractions.push(slice.lungFraction);
      });
    }
    const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
    expect(mean).toBeGreaterThan(0.08);
    expect(mean).toBeLessThan(0.2);
    expect(empty / total).toBeGreaterThan(0.04);
    expect(empty / total).toBeLessThan(0.25);
  });
});
