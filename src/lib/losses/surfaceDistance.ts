/**
 * Exact Euclidean distances on a stack of slices whose positions need not be evenly spaced (the 1-D
 * lower envelope of parabolas of Felzenszwalb and Huttenlocher works at any sorted sample positions),
 * and the boundary voxels of a mask. Layout everywhere: [slices, height, width] flattened, row-major.
 */

/** Where the voxels of a stack lie, in millimetres. */
export interface StackGeometry {
  slices: number;
  height: number;
  width: number;
  /** Distance between neighbouring rows and between neighbouring columns (mm). */
  rowSpacing: number;
  columnSpacing: number;
  /** Position of each slice along the stack's axis (mm), ascending; `slices` values. */
  slicePositions: ArrayLike<number>;
}

/**
 * Squared distance transform along one line in place: f[i] (0 at a feature, Infinity elsewhere, or the
 * squared distance so far) becomes min over j of (x[i] − x[j])² + f[j]. `v`, `z`, `g` are scratch space.
 */
function envelope(f: Float64Array, x: ArrayLike<number>, n: number, v: Int32Array, z: Float64Array, g: Float64Array): void {
  let k = -1;
  for (let q = 0; q < n; q++) {
    if (f[q] === Number.POSITIVE_INFINITY) continue;
    const fq = f[q] + x[q] * x[q];
    while (k >= 0) {
      const p = v[k];
      const s = (fq - (f[p] + x[p] * x[p])) / (2 * (x[q] - x[p]));
      if (s <= z[k]) k--;
      else {
        k++;
        v[k] = q;
        z[k] = s;
        break;
      }
    }
    if (k < 0) {
      k = 0;
      v[0] = q;
      z[0] = Number.NEGATIVE_INFINITY;
    }
  }
  if (k < 0) return;
  let j = 0;
  for (let q = 0; q < n; q++) {
    while (j < k && z[j + 1] < x[q]) j++;
    const p = v[j];
    g[q] = (x[q] - x[p]) ** 2 + f[p];
  }
  for (let q = 0; q < n; q++) f[q] = g[q];
}

/** Squared distance (mm², float32) from every voxel to the nearest voxel where `feature` is 1; Infinity everywhere when there is none. */
export function squaredDistanceMap(feature: Uint8Array, geometry: StackGeometry): Float32Array {
  const { slices, height, width, rowSpacing, columnSpacing, slicePositions } = geometry;
  const plane = height * width;
  // float32: half the memory of float64, and squared distances of a few hundred mm keep ~7 digits.
  const d = new Float32Array(feature.length);
  for (let i = 0; i < d.length; i++) d[i] = feature[i] ? 0 : Number.POSITIVE_INFINITY;
  const longest = Math.max(slices, height, width);
  const v = new Int32Array(longest);
  const z = new Float64Array(longest);
  const g = new Float64Array(longest);
  const line = new Float64Array(longest);
  const columns = Float64Array.from({ length: width }, (_, i) => i * columnSpacing);
  const rows = Float64Array.from({ length: height }, (_, i) => i * rowSpacing);
  const pass = (count: number, length: number, start: (k: number) => number, stride: number, x: ArrayLike<number>) => {
    for (let k = 0; k < count; k++) {
      const s0 = start(k);
      for (let i = 0; i < length; i++) line[i] = d[s0 + i * stride];
      envelope(line, x, length, v, z, g);
      for (let i = 0; i < length; i++) d[s0 + i * stride] = line[i];
    }
  };
  pass(slices * height, width, (k) => k * width, 1, columns);
  pass(slices * width, height, (k) => Math.floor(k / width) * plane + (k % width), width, rows);
  pass(plane, slices, (k) => k, plane, slicePositions);
  return d;
}

/**
 * The boundary of a mask (values > 0.5): its voxels with a face neighbour outside it. `inPlane` looks at
 * the four neighbours within the slice only (for stacks of separate slices); otherwise the six, with the
 * first and last slice's voxels counting as boundary. Voxels at the image's edge count as boundary.
 */
export function boundaryOf(mask: ArrayLike<number>, geometry: Pick<StackGeometry, 'slices' | 'height' | 'width'>, options: { inPlane: boolean }): Uint8Array {
  const { slices, height, width } = geometry;
  const plane = height * width;
  const inside = (i: number) => mask[i] > 0.5;
  const out = new Uint8Array(slices * plane);
  for (let s = 0; s < slices; s++) {
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const i = s * plane + r * width + c;
        if (!inside(i)) continue;
        const edge = r === 0 || c === 0 || r === height - 1 || c === width - 1
          || !inside(i - 1) || !inside(i + 1) || !inside(i - width) || !inside(i + width)
          || (!options.inPlane && (s === 0 || s === slices - 1 || !inside(i - plane) || !inside(i + plane)));
        if (edge) out[i] = 1;
      }
    }
  }
  return out;
}
