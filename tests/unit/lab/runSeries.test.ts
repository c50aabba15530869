import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../../../src/lib/train/types';
import { describeOverfitting, describeReference, drawsOn, whyNotDrawn, finalNumbers, historySeries, referenceSeries, validationFocusMax, type Reference } from '../../../src/components/lab/runSeries';

function record(epoch: number, trainLoss: number, valLoss: number, valMetric = 1 - valLoss, runningLosses: number[] = []): EpochRecord {
  return { epoch, trainLoss, valLoss, valMetric, metricName: 'hardDice', durationMs: 1000, runningLosses };
}

describe('historySeries', () => {
  it('puts epoch-end values at epochs from 1 and running averages between them', () => {
    const history = [record(0, 0.8, 0.7, 0.3, [0.9, 0.85, 0.8]), record(1, 0.5, 0.45, 0.55, [0.55, 0.5, 0.5])];
    const [train, val, running] = historySeries(history, { label: 'A', trainColour: '#000000', validationColour: '#111111', running: true });
    expect([train.label, val.label, running.label]).toEqual(['A: training', 'A: validation', 'A: training, running average']);
    expect(train.points).toEqual([{ x: 1, y: 0.8 }, { x: 2, y: 0.5 }]);
    expect(val.kind).toBe('validation');
    expect(val.points).toEqual([{ x: 1, y: 0.7 }, { x: 2, y: 0.45 }]);
    expect(running.kind).toBe('running');
    expect(running.points.map((p) => +p.x.toFixed(4))).toEqual([0.3333, 0.6667, 1, 1.3333, 1.6667, 2]);
  });

  it('adds the epoch in progress at its planned batch positions, and skips NaN validation', () => {
    const history = [record(0, 0.8, Number.NaN, Number.NaN, [0.8])];
    const series = historySeries(history, { label: '', trainColour: '#000000', validationColour: '#111111', running: true, partial: { epoch: 1, runningLosses: [0.6], stepsPerEpoch: 4 } });
    expect(series.map((x) => x.label)).toEqual(['training', 'validation', 'training, running average']);
    expect(series[1].points).toEqual([]);
    expect(series[2].points).toEqual([{ x: 1, y: 0.8 }, { x: 1.25, y: 0.6 }]);
  });
});

describe('referenceSeries', () => {
  const original: Reference = {
    label: 'Original, model B', what: 'final validation soft Dice on real patients at 256×256 after 7 epochs', value: 0.84, epoch: 7,
    onLossAxis: { loss: 'dice', value: 0.16 },
  };

  it('marks a reported final value once, at its epoch, on an axis of its own quantity (no invented curve)', () => {
    const ref = referenceSeries(original, ['dice']);
    expect(ref?.kind).toBe('reference');
    expect(ref?.points).toEqual([{ x: 7, y: 0.16 }]);
    expect(ref?.label).toBe('Original, model B (final value only)');
  });

  it('does not draw it on an axis of another quantity, or of several losses at once', () => {
    expect(referenceSeries(original, ['bce'])).toBeNull();
    expect(referenceSeries(original, ['dice', 'bce'])).toBeNull();
    expect(referenceSeries(original, [])).toBeNull();
    expect(drawsOn({ ...original, onLossAxis: undefined }, ['dice'])).toBe(false);
    expect(referenceSeries(undefined, ['dice'])).toBeNull();
  });

  it('says what the number is, and why it is not drawn, when it is listed instead', () => {
    expect(describeReference(original)).toBe('Original, model B: final validation soft Dice on real patients at 256×256 after 7 epochs, 0.84');
    expect(whyNotDrawn(original, ['dice'], 'Dice loss')).toBe('');
    expect(whyNotDrawn(original, ['bce'], 'cross-entropy loss')).toBe('this chart shows cross-entropy loss, another quantity');
    expect(whyNotDrawn({ label: 'Original', what: 'test MAE', value: 0.0166 }, ['mae'], 'MAE loss')).toBe('it is not a per-epoch value of this chart');
  });
});

describe('finalNumbers', () => {
  it('reports the last epoch and the best Dice', () => {
    const out = finalNumbers([record(0, 0.8, 0.7, 0.3), record(1, 0.5, 0.4, 0.7), record(2, 0.4, 0.45, 0.6)]);
    expect(out).toMatchObject({ epochs: 3, valLoss: 0.45, valMetric: 0.6, bestMetric: 0.7, bestEpoch: 2 });
    expect(finalNumbers([])).toBeNull();
  });
});

describe('validationFocusMax', () => {
  it('frames the validation points with 15 % headroom and ignores the other series', () => {
    const history = [record(0, 0.9, 0.2), record(1, 0.3, 0.1), record(2, 0.1, 0.12)];
    const series = historySeries(history, { label: '', trainColour: '#000000', validationColour: '#111111' });
    expect(validationFocusMax(series)).toBeCloseTo(0.23, 6);
    expect(validationFocusMax(series.filter((s) => s.kind !== 'validation'))).toBeUndefined();
    expect(validationFocusMax([])).toBeUndefined();
  });
});

describe('describeOverfitting', () => {
  it('recognises validation rising while training falls', () => {
    const train = [0.8, 0.6, 0.4, 0.3, 0.2, 0.1];
    const val = [0.75, 0.6, 0.5, 0.55, 0.62, 0.7];
    const out = describeOverfitting(train.map((t, i) => record(i, t, val[i])));
    // Centred 3-epoch means: 0.675, 0.617, 0.550, 0.557, 0.623, 0.660 → lowest at epoch 3;
    // the last 3 epochs average 0.623, up 0.073 > max(0.02, 0.055).
    expect(out.kind).toBe('rising');
    expect(out.text).toContain('lowest around epoch 3 (0.550, averaged over 3 epochs)');
    expect(out.text).toContain('rose to 0.623');
    expect(out.text).toContain('0.400 → 0.100');
  });

  it('calls a flat validation curve far above training a gap, not a rise', () => {
    // Like the block model on 24 slices: training near 0.02, validation wobbling around 0.19.
    const val = [0.8, 0.5, 0.3, 0.22, 0.2, 0.18, 0.21, 0.17, 0.2, 0.19, 0.16, 0.2, 0.19, 0.18, 0.2, 0.19];
    const out = describeOverfitting(val.map((v, i) => record(i, Math.max(0.02, 0.7 - 0.1 * i), v)));
    expect(out.kind).toBe('gap');
    expect(out.overfitting).toBe(true);
    expect(out.text).toContain('levelled off at 0.190');
  });

  it('judges the lesson\'s own demo: rising without augmentation, no clear overfitting with it', () => {
    // Validation cross-entropy per epoch of the block model on the first 16 training slices, 64×64,
    // batch 8, Adam lr 0.002, seed 42, 60 epochs: recorded in Chromium (wasm) from the lesson page.
    const plainVal = [0.2396, 0.1486, 0.1773, 0.1431, 0.0875, 0.1124, 0.1011, 0.1018, 0.0988, 0.0623, 0.0464, 0.0638, 0.0886, 0.0741, 0.0669,
      0.0659, 0.0731, 0.0629, 0.0549, 0.0614, 0.0739, 0.0719, 0.0625, 0.059, 0.0706, 0.0778, 0.0714, 0.0649, 0.0736, 0.0785, 0.0723, 0.0709,
      0.0803, 0.0839, 0.0813, 0.0835, 0.0913, 0.0894, 0.0896, 0.092, 0.0934, 0.097, 0.0953, 0.1016, 0.1015, 0.098, 0.1054, 0.1009, 0.1079,
      0.1071, 0.1125, 0.1087, 0.1137, 0.1111, 0.1176, 0.1116, 0.1214, 0.1114, 0.1268, 0.107];
    const augVal = [0.2447, 0.1494, 0.1783, 0.1198, 0.1162, 0.0996, 0.1418, 0.0892, 0.07, 0.0712, 0.0606, 0.0835, 0.0745, 0.0551, 0.0451,
      0.0608, 0.0695, 0.069, 0.0575, 0.0593, 0.0521, 0.0378, 0.0432, 0.0537, 0.0629, 0.0553, 0.0535, 0.0567, 0.0608, 0.0562, 0.0546, 0.055,
      0.0599, 0.0545, 0.0563, 0.0671, 0.0724, 0.0557, 0.0659, 0.0571, 0.0413, 0.0644, 0.0544, 0.047, 0.0621, 0.0589, 0.044, 0.0575, 0.0739,
      0.0539, 0.0653, 0.0638, 0.0454, 0.0448, 0.0465, 0.0405, 0.0466, 0.0558, 0.052, 0.0579];
    // Training losses of both runs fall smoothly; their exact values do not matter here beyond that.
    const train = (end: number) => (_: number, i: number) => end + (0.6 - end) * Math.exp(-i / 6);
    const plain = describeOverfitting(plainVal.map((v, i) => record(i, train(0.005)(0, i), v)));
    expect(plain.kind).toBe('rising');
    expect(plain.text).toMatch(/lowest around epoch 20 \(0\.065, averaged over 8 epochs\) and rose to 0\.115/);
    const augmented = describeOverfitting(augVal.map((v, i) => record(i, train(0.025)(0, i), v)));
    expect(augmented.overfitting).toBe(false);
  });

  it('does not call a falling or noisy curve overfitting', () => {
    const falling = [0.8, 0.6, 0.5, 0.45].map((v, i) => record(i, v, v + 0.02));
    expect(describeOverfitting(falling).kind).toBe('none');
    const wobble = [0.5, 0.45, 0.42, 0.425, 0.43, 0.41].map((v, i) => record(i, v - 0.1, v));
    expect(describeOverfitting(wobble).overfitting).toBe(false);
    expect(describeOverfitting(falling.slice(0, 3)).text).toContain('Too few epochs');
  });
});

