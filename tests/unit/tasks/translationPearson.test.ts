import { describe, expect, it } from 'vitest';
import { createTranslationMetrics } from '../../../src/lib/tasks/translation/evaluation';

describe('translation evaluation: Pearson r inside the head', () => {
  it('is 1 for a prediction right up to a linear rescaling, −1 inverted, and ignores pixels outside the head', () => {
    const target = [0.1, 0.4, 0.2, 0.9, 0.5, 0.7, 0.3, 0.8, 0, 0, 0, 0, 0, 0, 0, 0];
    const head = target.map((_, k) => (k < 8 ? 1 : 0));
    const outside = (k: number, v: number) => (k < 8 ? v : 5 * Math.sin(k));
    const scaled = createTranslationMetrics({ height: 4, width: 4 });
    scaled.add(target, target.map((v, k) => outside(k, 2 * v + 0.3)), head);
    const result = scaled.result();
    expect(result.pearsonInHead).toBeCloseTo(1, 10);
    expect(result.maeInHead).toBeGreaterThan(0.3);
    const inverted = createTranslationMetrics({ height: 4, width: 4 });
    inverted.add(target, target.map((v, k) => outside(k, 1 - v)), head);
    expect(inverted.result().pearsonInHead).toBeCloseTo(-1, 10);
    const flat = createTranslationMetrics({ height: 4, width: 4 });
    flat.add(target, target.map(() => 0.5), head);
    expect(flat.result().pearsonInHead).toBeNaN();
  });
});
