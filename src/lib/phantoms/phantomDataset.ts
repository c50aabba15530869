import type { LessonDataset, SplitName } from '../data/types';
import { SettingsError } from '../errors';

/** Per-slice extras for tests and figures: labels ([count·H·W]), level z and subject index per slice; PDw for the brain. */
export interface SliceExtras {
  labels: Uint8Array;
  z: Float32Array;
  subject: Int32Array;
  /** Brain only: the PD-weighted slices, scaled like x and y (by the file's PDw factor). */
  pdw?: Float32Array;
}

/** A lesson dataset plus, when asked for, the label maps and levels of every slice. */
export type PhantomDataset = LessonDataset & { extras?: Record<SplitName, SliceExtras> };

/** Progress of a dataset build: slices done out of the total. */
export interface BuildProgress {
  type: 'slice-done';
  done: number;
  total: number;
}

/** Options shared by the dataset builders. */
export interface BuildOptions {
  /** Keep label maps, levels and subject indices of every slice (tests, figures). */
  keepExtras?: boolean;
  onEvent?: (event: BuildProgress) => void;
}

/** Throws a SettingsError unless the shared dataset settings are usable. */
export function assertDatasetConfig(config: { seed: number; size: number; slicesPerSubject: number }, name: string): void {
  if (!Number.isInteger(config.seed) || config.seed < 0 || config.seed > 0xffffffff) {
    throw new SettingsError(`Expected ${name} seed to be a whole number from 0 to 4294967295, but got ${config.seed}.`, 'Any fixed whole number works; the same seed gives the same data.');
  }
  if (!Number.isInteger(config.size) || config.size < 16 || config.size > 1024 || config.size % 2 !== 0) {
    throw new SettingsError(`Expected ${name} size to be an even whole number from 16 to 1024, but got ${config.size}.`, 'The lessons use 128 (or 256 with a GPU).');
  }
  if (!Number.isInteger(config.slicesPerSubject) || config.slicesPerSubject < 1 || config.slicesPerSubject > 1000) {
    throw new SettingsError(`Expected ${name} slicesPerSubject to be a whole number from 1 to 1000, but got ${config.slicesPerSubject}.`, 'A few dozen slices per subject is typical.');
  }
}

