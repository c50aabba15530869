import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../src/lib/format';
import { chooseOverfitDefaults, type OverfitPlan } from '../../../src/lib/plan/overfitDefaults';
import { msPerEpoch, msPerRun } from '../../../src/lib/plan/runCost';
import { sizeExponentFor } from '../../../src/lib/plan/stepCost';

const PLAN: OverfitPlan = { trainSlices: 16, epochs: 60, learningRate: 0.002, loss: 'bce', batchSize: 8, size: 64, lossWords: 'cross-entropy' };
const DATA = { trainCount: 1000, valCount: 150 };

describe('chooseOverfitDefaults', () => {
  it('keeps the plan\'s subset, epochs, size and batch on every device and estimates the run on the subset', () => {
    for (const [backend, msPerStep64] of [['webgl', 200], ['wasm', 471], ['wasm', 900], ['cpu', 29_000]] as const) {
      const d = chooseOverfitDefaults({ ...DATA, msPerStep64, backend }, PLAN);
      expect(d).toMatchObject({ size: PLAN.size, batchSize: PLAN.batchSize, trainLimit: PLAN.trainSlices, epochs: PLAN.epochs });
      const shape = { msPerStep64, sizeExponent: sizeExponentFor(backend), size: PLAN.size, batchSize: PLAN.batchSize, trainCount: PLAN.trainSlices, valCount: DATA.valCount };
      expect(d.estimatedMs).toBeCloseTo(msPerRun({ ...shape, epochs: PLAN.epochs }), 6);
      expect(d.explanation).toContain(`each epoch takes about ${formatDuration(msPerEpoch(shape))} here`);
      expect(d.explanation).toContain(`the first ${PLAN.trainSlices} slices`);
      expect(d.explanation).toContain(`scored with ${PLAN.lossWords}`);
    }
  });

  it('says that stopping early is fine exactly when the run takes longer than the budget (6 minutes unless given)', () => {
    for (const msPerStep64 of [100, 300, 471, 900, 2000, 29_000]) {
      for (const targetMinutes of [undefined, 2, 20]) {
        const d = chooseOverfitDefaults({ ...DATA, msPerStep64, backend: 'wasm', targetMinutes }, PLAN);
        const slow = d.estimatedMs > (targetMinutes ?? 6) * 60_000;
        expect(d.explanation.includes('you may stop the run')).toBe(slow);
      }
    }
  });

  it('uses every slice when the data has fewer training slices than the subset', () => {
    expect(chooseOverfitDefaults({ msPerStep64: 900, backend: 'wasm', trainCount: 10, valCount: 4 }, PLAN).trainLimit).toBe(10);
  });
});
