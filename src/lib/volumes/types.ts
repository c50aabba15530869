/**
 * A medical volume as the course reads it from NIfTI or DICOM: voxel values on a grid, and where the
 * grid lies in the patient. Plain data (structured-cloneable), framework-free.
 */

/** Where a volume's affine came from: the NIfTI sform or qform, DICOM geometry, or none (the voxel grid, with a warning). */
export type AffineSource = 'sform' | 'qform' | 'dicom' | 'grid';

/** A 3-D image: float32 voxels with index i + ni·(j + nj·k), and the voxel → patient mapping. */
export interface Volume {
  /** Voxels along the grid's axes i, j, k. */
  dims: [number, number, number];
  /** Values after the file's scaling (NIfTI scl_slope/scl_inter, DICOM RescaleSlope/Intercept): HU for CT. */
  data: Float32Array;
  /**
   * 4×4 matrix, row-major (16 numbers), from voxel (i, j, k, 1) to world millimetres in NIfTI's RAS+:
   * +x towards the patient's right, +y anterior, +z superior. (DICOM's LPS+ is this with x and y negated.)
   */
  affine: number[];
  affineSource: AffineSource;
  /** Millimetres between voxel centres along i, j, k (the column norms of the affine). */
  spacing: [number, number, number];
  /** Units of the values when known ('HU' for CT), else null. */
  units: string | null;
  /** What the reader noticed without refusing (a 4-D file of which the first volume is used, a missing orientation). */
  warnings: string[];
  /** Where it came from: file names, and for DICOM the series' UID and description. */
  source: { files: string[]; seriesInstanceUid?: string; description?: string; modality?: string };
}
