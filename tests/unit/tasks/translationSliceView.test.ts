import { describe, expect, it } from 'vitest';
import { renderTranslationSlice } from '../../../src/lib/tasks/translation/sliceView';

const width = 4;
const height = 4;
const target = Float32Array.from({ length: 16 }, (_, i) => i / 15);
const input = Float32Array.from(target, (v) => 1 - v);
const output = Float32Array.from(target, (v) => v + 0.1);

describe('renderTranslationSlice', () => {
  it('draws input, difference, prediction and truth in one row without a baseline', () => {
    const view = renderTranslationSlice({ width, height, input, target, output });
    expect(view.rows.map((row) => row.map((p) => p.key))).toEqual([['input', 'difference', 'prediction', 'truth']]);
    expect(view.scale!.label).toBe('|prediction − truth| (target intensity units)');
    expect(view.alignColumns).toBeUndefined();
  });

  it('puts the baseline beside the network (input, network, baseline, truth) and both error maps under them', () => {
    const baselineOutput = Float32Array.from(target, (v) => v - 0.2);
    const view = renderTranslationSlice({ width, height, input, target, output, baseline: { label: 'Lookup table T1 → T2', output: baselineOutput } });
    expect(view.rows.map((row) => row.map((p) => p.key))).toEqual([['input', 'prediction', 'baseline', 'truth'], ['difference', 'baseline-difference']]);
    // The two error maps are drawn at the pictures' size, centred under network and baseline.
    expect(view.alignColumns).toBe(true);
    const [baseline, baselineError] = [view.rows[0][2], view.rows[1][1]];
    expect(baseline.label).toBe('Lookup table T1 → T2');
    // Its own MAE, not the network's: every pixel is 0.2 off.
    expect(baselineError.label).toBe('Lookup table T1 → T2: |baseline − truth|; MAE 0.2000');
    expect(view.rows[1][0].label).toBe('|prediction − truth|; MAE 0.1000');
    // The baseline's T2 is drawn on the truth's grey range: where it equals the truth, the pixels match.
    const same = renderTranslationSlice({ width, height, input, target, output, baseline: { label: 'Same', output: target } });
    expect(Array.from(same.rows[0][2].image.rgba)).toEqual(Array.from(same.rows[0][3].image.rgba));
    // The slice's score stays the network's.
    expect(view.score.text).toBe('0.1000');
  });
});
