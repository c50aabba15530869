import { DatasetFormatError } from '../errors';
import type { DicomSlice } from './dicomSlice';

/** Where the slices of a series lie: their order, the voxel → RAS+ affine and the spacing. */
export interface DicomGeometry {
  /** The slices sorted by position along the slice normal (k = 0 first). */
  slices: DicomSlice[];
  /** Row-major 4×4, voxel (i = column, j = row, k = slice) → RAS+ mm. */
  affine: number[];
  spacing: [number, number, number];
  warnings: string[];
}

/** Two slices closer than this along the normal (mm) are at the same place. */
const DUPLICATE_MM = 1e-3;
/** Gaps may differ from their mean by this much (relative, plus an absolute 0.01 mm for rounded positions). */
const GAP_TOLERANCE = 0.005;
/** Direction cosines are written with a few decimals; orientations this close (per component) are the same. */
const ORIENTATION_TOLERANCE = 1e-4;

/**
 * Orders a series' slices by ImagePositionPatient · normal (normal = row × column direction of
 * ImageOrientationPatient), never by InstanceNumber, which scanners and anonymisers renumber freely;
 * derives the slice spacing from the positions and the affine from DICOM's LPS+ to NIfTI's RAS+.
 * Throws a DatasetFormatError on missing position or orientation, mixed orientations, or two slices
 * at one position; warns on uneven gaps, a sheared (gantry-tilted) stack, or a single slice.
 */
export function dicomGeometry(slices: readonly DicomSlice[], seriesLabel: string): DicomGeometry {
  const warnings: string[] = [];
  const first = slices[0];
  for (const slice of slices) {
    if (slice.position === null) throw missingTag(slice.fileName, 'ImagePositionPatient (0020,0032)', seriesLabel);
    if (slice.orientation === null) throw missingTag(slice.fileName, 'ImageOrientationPatient (0020,0037)', seriesLabel);
    if (slice.orientation.some((value, index) => Math.abs(value - (first.orientation as number[])[index]) > ORIENTATION_TOLERANCE)) {
      throw new DatasetFormatError(
        `${seriesLabel} mixes slice orientations: ${slice.fileName} has ImageOrientationPatient ${slice.orientation.join('\\')}, ${first.fileName} ${(first.orientation as number[]).join('\\')}.`,
        'A localiser series holds slices in several planes; choose the series of one stack (e.g. the axial reconstruction).',
      );
    }
  }
  const orientation = first.orientation as number[];
  const row = unit(orientation.slice(0, 3), first.fileName);
  const column = unit(orientation.slice(3, 6), first.fileName);
  if (Math.abs(dot(row, column)) > 1e-3) {
    throw new DatasetFormatError(
      `${first.fileName}: ImageOrientationPatient ${orientation.join('\\')} has row and column directions that are not perpendicular.`,
      'The header is damaged; export the series again from the scanner or PACS.',
    );
  }
  const normal = cross(row, column);
  const placed = slices.map((slice) => ({ slice, distance: dot(slice.position as number[], normal) }));
  placed.sort((a, b) => a.distance - b.distance);
  for (let k = 1; k < placed.length; k++) {
    if (placed[k].distance - placed[k - 1].distance < DUPLICATE_MM) {
      throw new DatasetFormatError(
        `${seriesLabel} has two slices at the same position (${placed[k - 1].slice.fileName} and ${placed[k].slice.fileName}, ${placed[k].distance.toFixed(3)} mm along the normal).`,
        'The series holds several volumes at one place (echoes, phases or a duplicate copy): keep the files of one volume, or convert with dcm2niix, which splits them.',
      );
    }
  }
  const [rowSpacing, columnSpacing] = first.pixelSpacing ?? [1, 1];
  if (first.pixelSpacing === null) warnings.push(`${first.fileName} has no PixelSpacing (0028,0030): 1 mm pixels assumed.`);
  const origin = placed[0].slice.position as number[];
  let step: number[];
  if (placed.length === 1) {
    const thickness = first.sliceThickness !== null && first.sliceThickness > 0 ? first.sliceThickness : 1;
    step = normal.map((n) => n * thickness);
    warnings.push(`${seriesLabel} has a single slice: its thickness along the normal is taken as ${first.sliceThickness !== null && first.sliceThickness > 0 ? `the SliceThickness, ${thickness} mm` : '1 mm (no SliceThickness)'}.`);
  } else {
    const last = placed[placed.length - 1].slice.position as number[];
    step = last.map((value, axis) => (value - origin[axis]) / (placed.length - 1));
    warnings.push(...gapWarnings(placed.map((p) => p.distance), seriesLabel));
    const cosine = dot(step, normal) / norm(step);
    const tiltDegrees = (Math.acos(Math.min(1, cosine)) * 180) / Math.PI;
    if (tiltDegrees > 0.1) {
      warnings.push(`${seriesLabel}: the slices are sheared by ${tiltDegrees.toFixed(1)}° (gantry tilt); the affine keeps the shear.`);
    }
  }
  const lps = [
    [row[0] * columnSpacing, column[0] * rowSpacing, step[0], origin[0]],
    [row[1] * columnSpacing, column[1] * rowSpacing, step[1], origin[1]],
    [row[2] * columnSpacing, column[2] * rowSpacing, step[2], origin[2]],
  ];
  // LPS+ → RAS+: x and y change sign, z stays.
  const affine = [...lps[0].map((v) => -v), ...lps[1].map((v) => -v), ...lps[2], 0, 0, 0, 1].map((v) => v + 0); // + 0 turns −0 into 0
  return { slices: placed.map((p) => p.slice), affine, spacing: [columnSpacing, rowSpacing, norm(step)], warnings };
}

/** A warning when the gaps between sorted slice distances differ from their mean (a missing slice, or a variable-pitch reconstruction). */
function gapWarnings(distances: number[], seriesLabel: string): string[] {
  const mean = (distances[distances.length - 1] - distances[0]) / (distances.length - 1);
  let smallest = Infinity;
  let largest = 0;
  for (let k = 1; k < distances.length; k++) {
    const gap = distances[k] - distances[k - 1];
    smallest = Math.min(smallest, gap);
    largest = Math.max(largest, gap);
  }
  const tolerance = GAP_TOLERANCE * mean + 0.01;
  if (largest - mean <= tolerance && mean - smallest <= tolerance) return [];
  return [
    `${seriesLabel}: the gaps between slices are uneven (${smallest.toFixed(3)} to ${largest.toFixed(3)} mm, mean ${mean.toFixed(3)} mm); ` +
      'the volume uses the mean spacing, so distances along the slice axis are approximate (a slice may be missing).',
  ];
}

function missingTag(fileName: string, tag: string, seriesLabel: string): DatasetFormatError {
  return new DatasetFormatError(
    `${fileName} (in ${seriesLabel}) has no ${tag}: without it the slice cannot be placed in the patient.`,
    'Export the series again with its geometry tags, or convert it with dcm2niix; secondary captures and screenshots carry no geometry.',
  );
}

function unit(vector: number[], fileName: string): number[] {
  const length = norm(vector);
  if (!(length > 0.5 && length < 1.5)) {
    throw new DatasetFormatError(
      `${fileName}: ImageOrientationPatient holds a direction of length ${length.toFixed(3)}, where unit vectors were expected.`,
      'The header is damaged; export the series again from the scanner or PACS.',
    );
  }
  return vector.map((v) => v / length);
}

function dot(a: readonly number[], b: readonly number[]): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

function cross(a: readonly number[], b: readonly number[]): number[] {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function norm(a: readonly number[]): number {
  return Math.sqrt(dot(a, a));
}
