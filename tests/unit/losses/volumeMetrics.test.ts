import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/lib/random';
import { ssimInMaskPerSlice, ssimPerSlice } from '../../../src/lib/losses/ssim';
import { boundaryOf, squaredDistanceMap, type StackGeometry } from '../../../src/lib/losses/surfaceDistance';
import { dice3d, hausdorff95, regionIntensityMetrics } from '../../../src/lib/losses/volumeMetrics';

/** A blob: voxels within an ellipsoid around (cz, cy, cx), in voxel units. */
function blob(g: StackGeometry, centre: number[], radii: number[]): Uint8Array {
  const out = new Uint8Array(g.slices * g.height * g.width);
  for (let s = 0; s < g.slices; s++) for (let r = 0; r < g.height; r++) for (let c = 0; c < g.width; c++) {
    const d = ((s - centre[0]) / radii[0]) ** 2 + ((r - centre[1]) / radii[1]) ** 2 + ((c - centre[2]) / radii[2]) ** 2;
    if (d <= 1) out[(s * g.height + r) * g.width + c] = 1;
  }
  return out;
}

/** Voxel i's position in mm. */
const position = (g: StackGeometry, i: number) => {
  const c = i % g.width;
  const r = Math.floor(i / g.width) % g.height;
  const s = Math.floor(i / (g.width * g.height));
  return [g.slicePositions[s], r * g.rowSpacing, c * g.columnSpacing];
};

/** The same quantities by brute force over every pair of boundary voxels. */
function bruteHd95(g: StackGeometry, a: Uint8Array, b: Uint8Array, inPlane: boolean): number {
  const ba = boundaryOf(a, g, { inPlane });
  const bb = boundaryOf(b, g, { inPlane });
  const points = (m: Uint8Array) => [...m.keys()].filter((i) => m[i]).map((i) => position(g, i));
  const [pa, pb] = [points(ba), points(bb)];
  const directed = (from: number[][], to: number[][]) => from.map((p) => Math.min(...to.map((q) => Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]))));
  const q95 = (v: number[]) => {
    const s = [...v].sort((x, y) => x - y);
    const at = 0.95 * (s.length - 1);
    const lo = Math.floor(at);
    return s[lo] + (at - lo) * ((s[Math.min(lo + 1, s.length - 1)]) - s[lo]);
  };
  return Math.max(q95(directed(pa, pb)), q95(directed(pb, pa)));
}

describe('volume metrics', () => {
  it('gives exact squared distances at unevenly spaced slices (against brute force)', () => {
    const g: StackGeometry = { slices: 5, height: 7, width: 6, rowSpacing: 0.8, columnSpacing: 1.3, slicePositions: [0, 2, 7, 8.5, 20] };
    const rng = createRng(3);
    const feature = Uint8Array.from({ length: 5 * 7 * 6 }, () => (rng() < 0.05 ? 1 : 0));
    feature[17] = 1;
    const d = squaredDistanceMap(feature, g);
    const features = [...feature.keys()].filter((i) => feature[i]);
    for (let i = 0; i < feature.length; i++) {
      const p = position(g, i);
      const expected = Math.min(...features.map((j) => { const q = position(g, j); return (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2 + (p[2] - q[2]) ** 2; }));
      // Stored as float32: equal to about 7 significant digits.
      expect(Math.abs(d[i] - expected)).toBeLessThanOrEqual(1e-6 * Math.max(1, expected));
    }
    expect(squaredDistanceMap(new Uint8Array(10), { ...g, slices: 1, height: 2, width: 5, slicePositions: [0] }).every((v) => v === Infinity)).toBe(true);
  });

  it('matches a brute-force HD95 in 3-D and in-plane, and is 0 for identical masks', () => {
    const g: StackGeometry = { slices: 8, height: 14, width: 12, rowSpacing: 0.7, columnSpacing: 0.9, slicePositions: [0, 1.5, 3, 4.5, 6, 9, 12, 15] };
    const a = blob(g, [3.5, 6, 5], [3, 4, 4]);
    const b = blob(g, [4, 7, 6], [3, 3.5, 4.5]);
    for (const inPlane of [false, true]) {
      expect(hausdorff95(a, b, g, { inPlane })).toBeCloseTo(bruteHd95(g, a, b, inPlane), 5);
      expect(hausdorff95(a, a, g, { inPlane })).toBe(0);
    }
    expect(hausdorff95(a, b, g)).toBeGreaterThan(0);
    expect(hausdorff95(a, new Uint8Array(a.length), g)).toBeNaN();
  });

  it('measures a shifted cube by its shift in millimetres', () => {
    const g: StackGeometry = { slices: 12, height: 12, width: 12, rowSpacing: 1, columnSpacing: 2.5, slicePositions: Array.from({ length: 12 }, (_, i) => 3 * i) };
    const cube = (c0: number) => { const m = new Uint8Array(12 ** 3); for (let s = 3; s < 9; s++) for (let r = 3; r < 9; r++) for (let c = c0; c < c0 + 6; c++) m[(s * 12 + r) * 12 + c] = 1; return m; };
    // Shifted two columns (5 mm): every face point moves 5 mm or less, and the far faces exactly 5 mm.
    expect(hausdorff95(cube(3), cube(5), g)).toBeCloseTo(5, 5);
  });

  it('gives 3-D Dice from voxel counts, thresholding probabilities at 0.5', () => {
    expect(dice3d([1, 1, 0, 0], [0.9, 0.2, 0.7, 0])).toBeCloseTo(0.5, 12);
    expect(dice3d([0, 0], [0.1, 0.4])).toBe(1);
    expect(() => dice3d([1], [1, 0])).toThrow(/one size, but got 1 and 2 voxels/);
  });

  it('scores intensities inside a region only, with SSIM from the map inside it', () => {
    const rng = createRng(9);
    const opts = { slices: 2, height: 16, width: 16, dataRange: 1 };
    const target = Float32Array.from({ length: 512 }, () => rng());
    const region = new Float32Array(512);
    for (let i = 0; i < 512; i++) if ((i % 16) >= 4 && (i % 16) < 12) region[i] = 1;
    // Wrong only outside the region: the metrics inside it see a perfect prediction.
    const prediction = target.map((v, i) => (region[i] ? v : v + 0.5));
    const inside = regionIntensityMetrics(target, prediction, region, opts);
    expect(inside).toMatchObject({ mae: 0, psnr: Infinity, voxels: 256 });
    expect(inside.ssim).toBeLessThan(1);
    const noisy = target.map((v, i) => v + (i % 2 ? 0.1 : -0.1));
    expect(regionIntensityMetrics(target, noisy, region, opts).mae).toBeCloseTo(0.1, 6);
    expect(regionIntensityMetrics(target, noisy, region, opts).psnr).toBeCloseTo(20, 4);
    expect(regionIntensityMetrics(target, noisy, new Float32Array(512), opts).voxels).toBe(0);
    const everywhere = new Float32Array(512).fill(1);
    const full = ssimInMaskPerSlice(target, noisy, everywhere, opts);
    const plain = ssimPerSlice(target, noisy, opts);
    for (let s = 0; s < 2; s++) expect(full[s]).toBeCloseTo(plain[s], 6);
  });

  it('measures only the box around the masks: the same HD95 wherever that box lies, at the edge of the grid too', () => {
    const g: StackGeometry = { slices: 10, height: 20, width: 24, rowSpacing: 0.8, columnSpacing: 1.1, slicePositions: Array.from({ length: 10 }, (_, i) => 2.5 * i) };
    const a = blob(g, [4, 9, 10], [3, 5, 6]);
    const b = blob(g, [5, 10, 12], [3, 4, 6]);
    const expected = bruteHd95(g, a, b, false);
    expect(hausdorff95(a, b, g)).toBeCloseTo(expected, 5);
    // Against the grid's edge: voxels on the image's border are boundary, as on the whole grid.
    const edgeA = blob(g, [0, 0, 0], [4, 8, 9]);
    const edgeB = blob(g, [1, 2, 1], [4, 7, 9]);
    expect(hausdorff95(edgeA, edgeB, g)).toBeCloseTo(bruteHd95(g, edgeA, edgeB, false), 5);
    expect(hausdorff95(edgeA, edgeB, g, { inPlane: true })).toBeCloseTo(bruteHd95(g, edgeA, edgeB, true), 5);
  });
});
