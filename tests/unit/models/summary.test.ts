import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEncoderDecoder } from '../../../src/lib/models/encoderDecoder';
import { formatCount, formatSummary, summarizeModel } from '../../../src/lib/models/summary';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

describe('summarizeModel', () => {
  it('lists every layer with type, output shape, parameters and inputs, like Keras', () => {
    const model = buildEncoderDecoder({ height: 32, width: 32, skips: true, output: 'sigmoid', seed: 1 });
    const summary = summarizeModel(model);
    model.dispose();
    expect(summary.rows).toHaveLength(22);
    expect(summary.rows[0]).toEqual({ name: 'input', type: 'InputLayer', outputShape: [null, 32, 32, 1], params: 0, connectedTo: [] });
    // 3·3·1·10 + 10 = 100
    expect(summary.rows[1]).toEqual({ name: 'enc1_conv10', type: 'Conv2D', outputShape: [null, 32, 32, 10], params: 100, connectedTo: ['input'] });
    const byName = new Map(summary.rows.map((r) => [r.name, r]));
    // (8 − 1)·2 + 4 = 18: the transposed conv overshoots by 2, the valid 3×3 conv brings it back to 16.
    expect(byName.get('up1_convT40')).toMatchObject({ type: 'Conv2DTranspose', outputShape: [null, 18, 18, 40], params: 4 * 4 * 50 * 40 + 40 });
    expect(byName.get('skip2_concat')).toMatchObject({ outputShape: [null, 16, 16, 80], params: 0, connectedTo: ['up1_conv40', 'enc2_conv40'] });
    // After the concatenation the 3×3 conv sees 80 channels: 3·3·80·30 + 30 = 21,630.
    expect(byName.get('dec2_conv30a')?.params).toBe(21_630);
    expect(summary.rows.reduce((s, r) => s + r.params, 0)).toBe(190_771);
    expect(summary).toMatchObject({ modelName: 'model_B_skips', totalParams: 190_771, trainableParams: 190_771, nonTrainableParams: 0 });
  });

  it('formats a text table with one line per layer and the totals', () => {
    const model = buildEncoderDecoder({ height: 16, width: 16, skips: false, output: 'linear', seed: 1, name: 'plain' });
    const summary = summarizeModel(model);
    model.dispose();
    const text = formatSummary(summary);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Model: "plain"');
    expect(text).toContain('Total params: 178,171');
    expect(lines.find((l) => l.startsWith('down2_conv40 (Conv2D)'))).toMatch(/\(None, 4, 4, 40\)\s+25,640\s+down2_pad$/);
    for (const row of summary.rows) expect(lines.some((l) => l.startsWith(`${row.name} (${row.type})`))).toBe(true);
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(999)).toBe('999');
  });
});
