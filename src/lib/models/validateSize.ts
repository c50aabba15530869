import { SettingsError } from '../errors';

/** Throws a SettingsError unless `value` is a positive integer divisible by `divisor`. `what` names it ("height"). */
export function assertImageSide(what: string, value: number, divisor: number, modelName: string): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new SettingsError(
      `Expected ${what} of ${modelName} to be a positive whole number of pixels, but got ${value}.`,
      'Use the size of the dataset slices, for example 128.',
    );
  }
  if (value % divisor !== 0) {
    const lower = Math.max(divisor, value - (value % divisor));
    throw new SettingsError(
      `Expected ${what} of ${modelName} to be divisible by ${divisor}, but got ${value}.`,
      `The model halves the image ${Math.log2(divisor)} times and doubles it back, so every side must be a ` +
        `multiple of ${divisor}. Resample or crop the slices to ${lower} or ${lower + divisor} pixels.`,
    );
  }
}

/** Throws a SettingsError unless `value` is a positive integer (a channel or filter count). */
export function assertPositiveInteger(what: string, value: number, modelName: string): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new SettingsError(
      `Expected ${what} of ${modelName} to be a positive whole number, but got ${value}.`,
      'Check the model settings.',
    );
  }
}

/** Throws a SettingsError unless `seed` is a finite number (initialisers need a reproducible seed). */
export function assertSeed(seed: number, modelName: string): void {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new SettingsError(
      `Expected the seed of ${modelName} to be a finite number, but got ${String(seed)}.`,
      'Pick any whole number, for example 42; the same seed gives the same initial weights.',
    );
  }
}
