import { describe, expect, it } from 'vitest';
import { createEtaEstimator, MIN_TIMED_STEPS, RECENT_STEPS, VALIDATION_SHARE_PER_SLICE, validationSteps } from '../../../src/lib/train/eta';

describe('createEtaEstimator', () => {
  it('leaves the warm-up step out and gives no figure before MIN_TIMED_STEPS steps are timed', () => {
    const eta = createEtaEstimator();
    eta.recordBatch(9000);
    for (let i = 0; i < MIN_TIMED_STEPS; i++) {
      expect(eta.estimate(10, 0)).toBeNull();
      expect(eta.msPerStep()).toBeNull();
      eta.recordBatch(2000);
    }
    expect(eta.msPerStep()).toBe(2000);
    expect(eta.estimate(10, 0)).toBe(20_000);
    // Nothing left is known to take nothing, timed or not.
    expect(createEtaEstimator().estimate(0, 0)).toBe(0);
  });

  it('counts the validation passes from the measured step before one is timed, then from the timed ones', () => {
    // Lesson 2: 48 validation slices, batches of 16; 20 steps of 2.2 s per epoch.
    const perValidation = validationSteps(48, 16);
    expect(perValidation).toBeCloseTo(3 * VALIDATION_SHARE_PER_SLICE + 1, 9);
    const eta = createEtaEstimator({ validationSteps: perValidation });
    eta.recordBatch(5000);
    eta.recordBatch(2200);
    eta.recordBatch(2200);
    // 17 steps and one validation pass left in a one-epoch run: more than the steps alone.
    expect(eta.estimate(17, 1)).toBeCloseTo(17 * 2200 + perValidation * 2200, 6);
    eta.recordValidation(9000);
    expect(eta.estimate(17, 1)).toBeCloseTo(17 * 2200 + 9000, 6);
  });

  it('follows the latest RECENT_STEPS steps when the machine gets slower', () => {
    const eta = createEtaEstimator();
    eta.recordBatch(3000);
    for (let i = 0; i < 30; i++) eta.recordBatch(1000);
    for (let i = 0; i < RECENT_STEPS; i++) eta.recordBatch(2000);
    expect(eta.msPerStep()).toBe(2000);
    eta.recordBatch(1000);
    expect(eta.msPerStep()).toBeCloseTo((2000 * (RECENT_STEPS - 1) + 1000) / RECENT_STEPS, 9);
  });
});
