import { describe, expect, it } from 'vitest';
import { DatasetFormatError } from '../../../src/lib/errors';
import { labelMask } from '../../../src/lib/volumes/labelMask';
import { rasVolume } from './volumeFixtures';

const labels = rasVolume({ n: [4, 3, 2], spacing: [1, 1, 1], origin: [0, 0, 0] }, (x, y, z) => [0, 1, 0, 2, 3][(x + 2 * y + z) % 5], ['labels.nii.gz']);

describe('labelMask', () => {
  it('marks every non-zero voxel by default', () => {
    const mask = labelMask(labels);
    expect(Array.from(mask.data)).toEqual(Array.from(labels.data, (v) => (v !== 0 ? 1 : 0)));
    expect(mask.dims).toEqual(labels.dims);
    expect(mask.affine).toEqual(labels.affine);
  });

  it('marks one label when asked', () => {
    const mask = labelMask(labels, { label: 2 });
    expect(Array.from(mask.data)).toEqual(Array.from(labels.data, (v) => (v === 2 ? 1 : 0)));
  });

  it('refuses a label that does not occur, listing those that do', () => {
    expect(() => labelMask(labels, { label: 7 })).toThrow(DatasetFormatError);
    expect(() => labelMask(labels, { label: 7 })).toThrow('Expected the label 7 in labels.nii.gz, but it holds the labels 1, 2, 3.');
  });

  it('says when a "label map" holds too many values to be one', () => {
    const image = rasVolume({ n: [8, 8, 1], spacing: [1, 1, 1], origin: [0, 0, 0] }, (x, y) => x * 8 + y + 0.5);
    expect(() => labelMask(image, { label: 1 })).toThrow(/more than 20 distinct values/);
  });
});
