/** Builds test series with known geometry and a known value at every patient position. */
import { sliceElements, writeDicom, type DicomSyntax, type SliceOptions, type TestElement } from './dicomTestWriter';

export interface SeriesSpec {
  uid: string;
  slices: number;
  rows: number;
  columns: number;
  /** Row direction then column direction (LPS), unit vectors. */
  orientation: number[];
  /** [between rows, between columns] mm. */
  pixelSpacing: number[];
  /** LPS position of slice 0's first pixel, and the step from one slice to the next. */
  origin: number[];
  step: number[];
  syntax?: DicomSyntax;
  /** Instance numbers and file order are permuted with this (default: reversed and interleaved). */
  shuffle?: (count: number) => number[];
  intercept?: number;
  slope?: number;
  modality?: string;
  description?: string;
  /** Edits the elements of slice `index` before writing (drop a tag, change one). */
  edit?: (elements: TestElement[], index: number) => TestElement[];
}

/** A value that differs from place to place: HU as a function of the LPS position (mm). */
export function valueAt(lps: readonly number[]): number {
  return Math.round(2 * lps[0] - 3 * lps[1] + 5 * lps[2]);
}

/** LPS position of pixel (column c, row r) of slice s, straight from the DICOM definition. */
export function lpsOf(spec: SeriesSpec, c: number, r: number, s: number): number[] {
  const [rowSpacing, columnSpacing] = spec.pixelSpacing;
  return [0, 1, 2].map((a) => spec.origin[a] + s * spec.step[a] + c * columnSpacing * spec.orientation[a] + r * rowSpacing * spec.orientation[3 + a]);
}

/** A deterministic shuffle that is neither the identity nor a reversal. */
export function interleaved(count: number): number[] {
  const order: number[] = [];
  for (let i = 1; i < count; i += 2) order.push(i);
  for (let i = (count - 1) % 2 === 0 ? count - 1 : count - 2; i >= 0; i -= 2) order.push(i);
  return order;
}

/**
 * The files of a series: slice s (s-th along `step`) gets instance number order[s] + 1 and the files
 * come in the order of the instance numbers' reverse, so neither gives the spatial order.
 */
export function buildSeries(spec: SeriesSpec): { name: string; bytes: Uint8Array }[] {
  const order = (spec.shuffle ?? interleaved)(spec.slices);
  const intercept = spec.intercept ?? -1024;
  const slope = spec.slope ?? 1;
  const files = [];
  for (let s = 0; s < spec.slices; s++) {
    const stored = new Array<number>(spec.rows * spec.columns);
    for (let r = 0; r < spec.rows; r++) {
      for (let c = 0; c < spec.columns; c++) stored[c + spec.columns * r] = Math.round((valueAt(lpsOf(spec, c, r, s)) - intercept) / slope);
    }
    const options: SliceOptions = {
      seriesUid: spec.uid,
      instanceNumber: order[s] + 1,
      position: lpsOf(spec, 0, 0, s),
      orientation: spec.orientation,
      pixelSpacing: spec.pixelSpacing,
      rows: spec.rows,
      columns: spec.columns,
      stored,
      intercept,
      slope,
      modality: spec.modality,
      description: spec.description,
    };
    const elements = spec.edit ? spec.edit(sliceElements(options), s) : sliceElements(options);
    files.push({ name: `IM${String(order[s] + 1).padStart(4, '0')}.dcm`, bytes: writeDicom(elements, { syntax: spec.syntax }) });
  }
  return files.sort((a, b) => b.name.localeCompare(a.name));
}

/** Unit row and column directions of an oblique plane: axial turned by `a` about z, then tilted by `b` about the row. */
export function obliqueOrientation(a: number, b: number): number[] {
  const row = [Math.cos(a), Math.sin(a), 0];
  const column = [-Math.sin(a) * Math.cos(b), Math.cos(a) * Math.cos(b), Math.sin(b)];
  return [...row, ...column];
}

export function crossProduct(a: readonly number[], b: readonly number[]): number[] {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
