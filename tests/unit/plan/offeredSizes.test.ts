import { describe, expect, it } from 'vitest';
import { availableSizes, dataFileForRun, offeredSizes } from '../../../src/lib/plan/offeredSizes';

const lesson = { dataFile: 'lung-ct-128.h5', largeDataFile: 'lung-ct-256.h5' };

describe('256² data on a real GPU', () => {
  it('a real GPU is offered 256×256 while the 128² file is loaded, and a 256² run loads the 256² file', () => {
    expect(offeredSizes({ dataSize: 128, realGpu: true, largeDataFile: lesson.largeDataFile, learnerFile: false })).toEqual([64, 128, 256]);
    expect(dataFileForRun({ size: 256, realGpu: true, ...lesson })).toBe('lung-ct-256.h5');
    expect(dataFileForRun({ size: 128, realGpu: true, ...lesson })).toBe('lung-ct-128.h5');
    expect(dataFileForRun({ size: 64, realGpu: true, ...lesson })).toBe('lung-ct-128.h5');
    // With the 256² file loaded the sizes stay the same, and a smaller run goes back to the 128² file.
    expect(offeredSizes({ dataSize: 256, realGpu: true, largeDataFile: lesson.largeDataFile, learnerFile: false })).toEqual([64, 128, 256]);
  });

  it('WebAssembly, the CPU and software adapters keep 128² and below', () => {
    expect(offeredSizes({ dataSize: 128, realGpu: false, largeDataFile: lesson.largeDataFile, learnerFile: false })).toEqual([64, 128]);
    expect(dataFileForRun({ size: 256, realGpu: false, ...lesson })).toBe('lung-ct-128.h5');
  });

  it('a lesson without a 256² file, or a learner’s own file, offers only what the data has', () => {
    expect(offeredSizes({ dataSize: 128, realGpu: true, largeDataFile: null, learnerFile: false })).toEqual([64, 128]);
    expect(dataFileForRun({ size: 256, realGpu: true, dataFile: 'own/ct.h5', largeDataFile: null })).toBe('own/ct.h5');
    expect(offeredSizes({ dataSize: 96, realGpu: true, largeDataFile: lesson.largeDataFile, learnerFile: true })).toEqual([64, 96]);
  });
});

describe('availableSizes', () => {
  it('never offers more than the data has, nor 256 without a GPU', () => {
    for (const dataSize of [32, 64, 96, 128, 256]) {
      for (const gpu of [false, true]) {
        const sizes = availableSizes({ dataSize, gpu });
        expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
        for (const size of sizes) expect(size).toBeLessThanOrEqual(dataSize);
        if (!gpu) expect(Math.max(...sizes)).toBeLessThanOrEqual(128);
      }
    }
    expect(availableSizes({ dataSize: 256, gpu: true })).toEqual([64, 128, 256]);
  });

  it('offers a learner\'s file at its own size when the models can take it (a multiple of 4)', () => {
    expect(availableSizes({ dataSize: 32, gpu: false })).toEqual([32]);
    expect(availableSizes({ dataSize: 96, gpu: false })).toEqual([64, 96]);
    expect(availableSizes({ dataSize: 90, gpu: false })).toEqual([64]);
  });
});
