import { describe, expect, it } from 'vitest';
import { lutBaseline, thresholdComponentsDice, thresholdDice } from '../../../src/lib/phantoms/baselines';
import { buildBrainDataset } from '../../../src/lib/phantoms/brainDataset';
import { buildLungDataset } from '../../../src/lib/phantoms/lungDataset';

/** Mean absolute error inside the head of a T1→T2 table that also knows each pixel's tissue label (an anatomy oracle). */
function labelAwareLutMae(trainX: Float32Array, trainY: Float32Array, trainLabels: Uint8Array, testX: Float32Array, testY: Float32Array, testLabels: Uint8Array): number {
  const bins = 64;
  const fine = 256;
  const cell = (label: number, x: number): number => label * bins + Math.min(bins - 1, Math.floor(x * bins));
  const hist = new Uint32Array(16 * bins * fine);
  for (let k = 0; k < trainX.length; k++) hist[cell(trainLabels[k], trainX[k]) * fine + Math.min(fine - 1, Math.floor(trainY[k] * fine))]++;
  const medians = new Float32Array(16 * bins).fill(Number.NaN);
  for (let c = 0; c < 16 * bins; c++) {
    let total = 0;
    for (let f = 0; f < fine; f++) total += hist[c * fine + f];
    let acc = 0;
    for (let f = 0; f < fine && total > 0; f++) {
      acc += hist[c * fine + f];
      if (acc >= total / 2) {
        medians[c] = (f + 0.5) / fine;
        break;
      }
    }
  }
  let sum = 0;
  let n = 0;
  for (let k = 0; k < testX.length; k++) {
    if (testLabels[k] === 0) continue;
    const m = medians[cell(testLabels[k], testX[k])];
    sum += Math.abs((Number.isNaN(m) ? testX[k] : m) - testY[k]);
    n++;
  }
  return sum / n;
}

describe('the synthetic tasks are not solved by rules', () => {
  it('keeps threshold and threshold + components well below a trained network on the lung test split', () => {
    const ds = buildLungDataset({ seed: 77, size: 128, subjects: { train: 6, val: 0, test: 6 }, slicesPerSubject: 8 });
    const plain = thresholdDice(ds.train, ds.test!, 128);
    const components = thresholdComponentsDice(ds.train, ds.test!, 128);
    expect(plain.meanDice).toBeLessThanOrEqual(0.5);
    expect(components.meanDice).toBeLessThanOrEqual(0.85);
    // The rule still finds most of the lung where there is lung: the masks are not arbitrary.
    expect(components.meanDiceLungSlices).toBeGreaterThan(0.7);
  });

  it('leaves a T1→T2 lookup table far from what knowing the anatomy allows', () => {
    const ds = buildBrainDataset({ seed: 78, size: 128, subjects: { train: 6, val: 0, test: 4 }, slicesPerSubject: 6 }, { keepExtras: true });
    const test = ds.test!;
    const labels = ds.extras!.test.labels;
    const head = Uint8Array.from(labels, (l) => (l !== 0 ? 1 : 0));
    const lut = lutBaseline(ds.train, test, { testHeadMask: head });
    const oracle = labelAwareLutMae(ds.train.x, ds.train.y, ds.extras!.train.labels, test.x, test.y, labels);
    expect(lut.maeInsideHead).toBeLessThan(lut.identityMaeInsideHead);
    // Context is worth at least a quarter of the error: a network that learns anatomy has room to beat the table.
    expect(oracle).toBeLessThan(0.75 * lut.maeInsideHead);
  });
});
