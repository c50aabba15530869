import { ShapeError } from '../errors';
import { uniform, type Rng } from '../random';
import { assertIntensityAugmentConfig, type IntensityAugmentConfig, type IntensityParams } from './intensityConfig';

/** The largest |log| of the field exp(b₁x + b₂y + b₃x² + b₄y² + b₅xy) over x, y ∈ [−1, 1], on a 9 × 9 grid. */
export function biasPeak(bias: IntensityParams['bias']): number {
  let peak = 0;
  for (let i = 0; i <= 8; i++) {
    for (let j = 0; j <= 8; j++) {
      const x = i / 4 - 1;
      const y = j / 4 - 1;
      peak = Math.max(peak, Math.abs(bias[0] * x + bias[1] * y + bias[2] * x * x + bias[3] * y * y + bias[4] * x * y));
    }
  }
  return peak;
}

/**
 * The drawn coefficients scaled so that the field's largest |log| is the largest drawn coefficient: the five
 * terms would otherwise add up at a corner (five coefficients of 0.3 shade by e^1.5, ×4.5), while `max`
 * promises shading within e^±max. The shape of the field stays as drawn.
 */
function boundedBias(bias: IntensityParams['bias']): IntensityParams['bias'] {
  const peak = biasPeak(bias);
  const largest = Math.max(...bias.map(Math.abs));
  return peak > largest ? bias.map((b) => (b * largest) / peak) as IntensityParams['bias'] : bias;
}

/** Number of rng draws per sample, fixed so that switching one change off leaves the others' draws unchanged. */
export const INTENSITY_DRAWS_PER_SAMPLE = 18;

/**
 * Draws `count` intensity changes from `rng` (18 draws each, whatever the configuration: 7 coins,
 * then 5 bias coefficients and one amount for each of the 6 other changes). Same rng state and
 * config → same params.
 */
export function sampleIntensityParams(rng: Rng, config: IntensityAugmentConfig, count: number): IntensityParams[] {
  assertIntensityAugmentConfig(config);
  if (!Number.isInteger(count) || count < 0) {
    throw new ShapeError(`Expected count to be a whole number ≥ 0, but got ${count}.`, 'Pass the number of samples in the batch.');
  }
  const out: IntensityParams[] = [];
  for (let i = 0; i < count; i++) {
    const coins = [rng(), rng(), rng(), rng(), rng(), rng(), rng()];
    const on = (k: number, probability: number) => coins[k] < probability;
    const bias = boundedBias([0, 0, 0, 0, 0].map(() => uniform(rng, -config.bias.max, config.bias.max)) as IntensityParams['bias']);
    const blurSigma = uniform(rng, config.blur.sigma[0], config.blur.sigma[1]);
    const lowRes = uniform(rng, config.lowRes.factor[0], config.lowRes.factor[1]);
    const contrast = uniform(rng, config.contrast.range[0], config.contrast.range[1]);
    const brightness = uniform(rng, -config.brightness.max, config.brightness.max);
    const gamma = uniform(rng, config.gamma.range[0], config.gamma.range[1]);
    const noiseStd = uniform(rng, config.noise.std[0], config.noise.std[1]);
    out.push({
      bias: on(0, config.bias.probability) ? bias.map((b) => b + 0) as IntensityParams['bias'] : [0, 0, 0, 0, 0],
      blurSigma: on(1, config.blur.probability) ? blurSigma : 0,
      lowRes: on(2, config.lowRes.probability) ? lowRes : 1,
      contrast: on(3, config.contrast.probability) ? contrast : 1,
      brightness: on(4, config.brightness.probability) ? brightness + 0 : 0,
      gamma: on(5, config.gamma.probability) ? gamma : 1,
      noiseStd: on(6, config.noise.probability) ? noiseStd : 0,
    });
  }
  return out;
}
