import { describe, expect, it } from 'vitest';
import { describeLossAndMetric } from '../../../src/lib/losses/describeLossAndMetric';
import { LOSS_INFO } from '../../../src/lib/losses/lossInfo';
import { METRICS } from '../../../src/lib/losses/metrics';

describe('describeLossAndMetric', () => {
  it('reads a Dice loss as the soft Dice it is 1 minus, beside the hard Dice and its threshold', () => {
    const text = describeLossAndMetric({ losses: ['dice'], metric: METRICS.hardDice, valLoss: 0.133 });
    expect(text).toContain('Validation loss is the Dice loss: 1 − Dice overlap of the predicted probabilities');
    expect(text).toContain('Here 0.133, so a soft Dice of 0.867.');
    expect(text).toContain('Validation Dice (hard) is the Dice overlap after each pixel’s probability is thresholded at 0.5');
  });

  it('takes its words from the registries: each loss note and the metric note appear', () => {
    const text = describeLossAndMetric({ losses: ['mae', 'mse', 'mae'], metric: METRICS.mae, valLoss: 0.2 });
    for (const name of ['mae', 'mse'] as const) expect(text).toContain(LOSS_INFO[name].note.slice(1));
    expect(text).toContain(METRICS.mae.note);
    // Two losses: one sentence each (repeats ignored), and no value read as a score.
    expect(text.match(/Validation loss with the/g)).toHaveLength(2);
    expect(text).not.toContain('Here 0.2');
  });

  it('reads no score into a loss that is not 1 minus one, nor into a missing value', () => {
    expect(describeLossAndMetric({ losses: ['bce'], metric: METRICS.hardDice, valLoss: 0.3 })).not.toMatch(/Here/);
    expect(describeLossAndMetric({ losses: ['dice'], metric: METRICS.hardDice, valLoss: Number.NaN })).not.toMatch(/Here/);
    expect(describeLossAndMetric({ losses: ['dice'], metric: METRICS.hardDice })).not.toMatch(/Here/);
  });

  it('ends every sentence with a full stop', () => {
    const text = describeLossAndMetric({ losses: ['dice', 'bce'], metric: METRICS.hardDice });
    expect(text).not.toMatch(/\.\./);
    expect(text.endsWith('.')).toBe(true);
  });
});
