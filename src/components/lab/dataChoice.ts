/**
 * Which data file a training run loads, and which image sizes a panel offers: on a real GPU a lesson
 * with a 256² file offers 256×256 and trains on that file (no upsampling of the 128² one); WebAssembly,
 * the CPU and software GPU adapters keep the 128² file and sizes up to 128. Pure, unit-tested in Node.
 */
import { availableSizes } from './defaults';

/** The side of the large data files (lung-ct-256.h5, brain-mri-256.h5). */
export const LARGE_SIZE = 256;

export interface DataChoiceInput {
  /** Side of the data loaded now (the lesson's file or a learner's). */
  dataSize: number;
  /** A real (hardware) GPU backend is in use: WebGPU or WebGL, not SwiftShader or llvmpipe. */
  realGpu: boolean;
  /** The lesson's 256² file, or null when it has none. */
  largeDataFile: string | null;
  /** The loaded data is the learner's own file (then it stays, whatever size is picked). */
  learnerFile: boolean;
}

/** Image sizes the panel offers. */
export function offeredSizes({ dataSize, realGpu, largeDataFile, learnerFile }: DataChoiceInput): number[] {
  const fromData = availableSizes({ dataSize, gpu: realGpu });
  if (!realGpu || largeDataFile === null || learnerFile || fromData.includes(LARGE_SIZE)) return fromData;
  return [...fromData, LARGE_SIZE].sort((a, b) => a - b);
}

/** The file a run at `size` loads: the 256² one for sizes above 128 on a real GPU, else the lesson's file. */
export function dataFileForRun({ size, realGpu, dataFile, largeDataFile }: { size: number; realGpu: boolean; dataFile: string; largeDataFile: string | null }): string {
  return realGpu && largeDataFile !== null && size > 128 ? largeDataFile : dataFile;
}
