import { describe, expect, it } from 'vitest';
import {
  bodyOrder, bodySliceText, importSummaryLines, lessonFileName, scanLabel, seriesLabel, sideName, slotWords,
} from '../../../src/components/lab/scanImport/importSummaryText';
import type { ImportSummary } from '../../../src/lib/engine/volumeProtocol';
import { taskDescriptor } from '../../../src/lib/tasks';

const summary: ImportSummary = {
  task: 'segmentation',
  size: 128,
  counts: { train: 26, val: 6, test: 6 },
  orientation: { image: 'LPS', target: 'RAS' },
  warnings: [],
  series: { image: [], target: [] },
};

describe('importSummaryLines', () => {
  it('slices per split, both grids\' orientation codes, voxel size and units from the attributes', () => {
    const lines = importSummaryLines(summary, { voxelSizeMm: '0.781×0.781×2.500', pixelSizeMmMin: 2.1, units: 'HU' }, { image: 'CT', target: 'lung mask' });
    expect(Object.fromEntries(lines.map((l) => [l.term, l.value]))).toEqual({
      Slices: '38 of 128×128 pixels: 26 training, 6 validation, 6 test',
      Orientation: "CT LPS, lung mask RAS (shown axial, anterior up, patient's right on the left)",
      'Voxel size': '0.781×0.781×2.500 mm',
      'Pixel size in the lesson': '2.1 mm',
      Units: 'Hounsfield units (CT)',
    });
  });

  it('leaves out what the file does not say', () => {
    expect(importSummaryLines(summary, {}, { image: 'T1', target: 'T2' }).map((l) => l.term)).toEqual(['Slices', 'Orientation']);
  });
});

describe('body order', () => {
  it('lays the train, val and test blocks end to end, inferior to superior', () => {
    const order = bodyOrder({ train: 3, val: 1, test: 2 });
    expect(order).toEqual([
      { split: 'train', index: 0 }, { split: 'train', index: 1 }, { split: 'train', index: 2 },
      { split: 'val', index: 0 }, { split: 'test', index: 0 }, { split: 'test', index: 1 },
    ]);
    expect(bodySliceText(order, 4, { train: 3, val: 1, test: 2 })).toBe('Slice 5 of 6, inferior to superior: test slice 1 of 2.');
    expect(bodySliceText(order, 6, { train: 3, val: 1, test: 2 })).toBe('');
  });
});

describe('names', () => {
  it('names a series, a side, the scan and its download', () => {
    expect(seriesLabel({ seriesInstanceUid: '1.2', description: 'Chest 1 mm', modality: 'CT', fileCount: 120, rows: 512, columns: 512 })).toBe('Chest 1 mm (CT), 120 files, 512×512');
    expect(seriesLabel({ seriesInstanceUid: '1.3', description: ' ', modality: '', fileCount: 1, rows: 64, columns: 48 })).toBe('No description, 1 file, 64×48');
    expect(sideName(['scans/ct.nii.gz'])).toBe('ct.nii.gz');
    expect(sideName(['ct/IM1', 'ct/IM2'])).toBe('ct/');
    expect(sideName(['IM1', 'IM2'])).toBe('2 DICOM files');
    expect(scanLabel('ct.nii.gz', 'mask.nii.gz')).toBe('ct.nii.gz + mask.nii.gz');
    expect(lessonFileName('ct.nii.gz', 'lung mask.nii')).toBe('ct-lung-mask-lesson.h5');
    expect(lessonFileName('ct/', '2 DICOM files')).toBe('ct-2-DICOM-files-lesson.h5');
  });

  it('words the slots from the task descriptor: a mask for a binary target, an image otherwise', () => {
    for (const task of ['segmentation', 'translation'] as const) {
      const d = taskDescriptor(task);
      const words = slotWords(d.labels, d.targets === 'binary');
      expect(words.image.title).toMatch(/^Image: /);
      expect(words.target.title).toMatch(d.targets === 'binary' ? /^Mask: / : /^Target image: /);
      // The task's own words, not a fixed text.
      expect(`${words.image.title} ${words.target.title}`).toContain(words.image.short);
      expect(d.labels.input.startsWith(words.image.short)).toBe(true);
      expect(d.labels.target.startsWith(words.target.short)).toBe(true);
    }
    expect(slotWords({ input: 'CT slice', target: 'lung mask' }, true).target.help).toMatch(/marking the lung to segment/);
  });
});
