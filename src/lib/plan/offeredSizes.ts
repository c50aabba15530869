/**
 * Which image sizes a panel offers, and which data file a run at a size loads: on a real GPU a lesson
 * with a 256² file offers 256×256 and trains on that file (no upsampling of the 128² one); WebAssembly,
 * the CPU and software GPU adapters keep the 128² file and sizes up to 128.
 */

/** The side of the large data files (lung-ct-256.h5, brain-mri-256.h5). */
export const LARGE_SIZE = 256;

/** Image sizes the data itself allows: 64 and the data's own size; 256 only on a GPU (and only if the data has it). */
export function availableSizes({ dataSize, gpu }: { dataSize: number; gpu: boolean }): number[] {
  const sizes = [64, 128, LARGE_SIZE].filter((size) => size <= dataSize && (size < LARGE_SIZE || gpu));
  // Data of another size (a learner's file) is also offered as it is, when the models can take it.
  if (!sizes.includes(dataSize) && dataSize % 4 === 0 && (dataSize <= 128 || gpu)) sizes.push(dataSize);
  return sizes.sort((a, b) => a - b);
}

export interface OfferedSizesInput {
  /** Side of the data loaded now (the lesson's file or a learner's). */
  dataSize: number;
  /** A real (hardware) GPU backend is in use: WebGPU or WebGL, not SwiftShader or llvmpipe. */
  realGpu: boolean;
  /** The lesson's 256² file, or null when it has none. */
  largeDataFile: string | null;
  /** The loaded data is the learner's own file (then it stays, whatever size is picked). */
  learnerFile: boolean;
}

/** Image sizes the panel offers: the data's, plus 256 on a real GPU when the lesson has a 256² file. */
export function offeredSizes({ dataSize, realGpu, largeDataFile, learnerFile }: OfferedSizesInput): number[] {
  const fromData = availableSizes({ dataSize, gpu: realGpu });
  if (!realGpu || largeDataFile === null || learnerFile || fromData.includes(LARGE_SIZE)) return fromData;
  return [...fromData, LARGE_SIZE].sort((a, b) => a - b);
}

/** The file a run at `size` loads: the 256² one for sizes above 128 on a real GPU, else the lesson's file. */
export function dataFileForRun({ size, realGpu, dataFile, largeDataFile }: { size: number; realGpu: boolean; dataFile: string; largeDataFile: string | null }): string {
  return realGpu && largeDataFile !== null && size > 128 ? largeDataFile : dataFile;
}
