import { blendPixel, columnRange, columnToMm, coverage, EDGE_REACH, rowRange, rowToMm, type Layer, type PhantomCanvas } from './phantomCanvas';
import { clipDistance, type HalfPlane } from './paintShapes';

/** A star-shaped outline: radius (mm) about (cx, cy) sampled at `radii.length` angles from −π to π. */
export interface RadialShape {
  cx: number;
  cy: number;
  radii: Float32Array;
}

/** Samples a radial shape from r(θ), θ ∈ [−π, π) in image coordinates (y down); the caller owns it. */
export function createRadialShape(cx: number, cy: number, radius: (theta: number) => number, samples = 360): RadialShape {
  const radii = new Float32Array(samples);
  for (let k = 0; k < samples; k++) radii[k] = radius(-Math.PI + (2 * Math.PI * k) / samples);
  return { cx, cy, radii };
}

/** Linear interpolation of a periodic table sampled from −π to π at angle theta. */
export function radialLookup(table: Float32Array, theta: number): number {
  const n = table.length;
  let u = ((theta + Math.PI) / (2 * Math.PI)) * n;
  if (u < 0) u += n;
  const k = Math.floor(u) % n;
  const t = u - Math.floor(u);
  return table[k] + t * (table[(k + 1) % n] - table[k]);
}

interface PolarCache {
  canvas: PhantomCanvas;
  i0: number;
  i1: number;
  j0: number;
  j1: number;
  /** Distance from the centre (mm) and angle as a fractional index into the radii table, per pixel of the box. */
  r: Float32Array;
  u: Float32Array;
}

// Outlines are painted several times (skin, fat, muscle, cavity …): the polar coordinates are computed once.
const polarCaches = new WeakMap<RadialShape, PolarCache>();

function polarCache(canvas: PhantomCanvas, shape: RadialShape): PolarCache {
  const cached = polarCaches.get(shape);
  if (cached !== undefined && cached.canvas === canvas) return cached;
  let rMax = 0;
  for (let k = 0; k < shape.radii.length; k++) rMax = Math.max(rMax, shape.radii[k]);
  const reach = rMax + EDGE_REACH * canvas.edgeMm;
  const [i0, i1] = columnRange(canvas, shape.cx - reach, shape.cx + reach);
  const [j0, j1] = rowRange(canvas, shape.cy - reach, shape.cy + reach);
  const w = Math.max(0, i1 - i0);
  const h = Math.max(0, j1 - j0);
  const r = new Float32Array(w * h);
  const u = new Float32Array(w * h);
  const n = shape.radii.length;
  for (let j = j0; j < j1; j++) {
    const dy = rowToMm(canvas, j) - shape.cy;
    for (let i = i0; i < i1; i++) {
      const dx = columnToMm(canvas, i) - shape.cx;
      const q = (j - j0) * w + (i - i0);
      r[q] = Math.sqrt(dx * dx + dy * dy);
      let t = ((Math.atan2(dy, dx) + Math.PI) / (2 * Math.PI)) * n;
      if (t >= n) t -= n;
      u[q] = t;
    }
  }
  const cache = { canvas, i0, i1, j0, j1, r, u };
  polarCaches.set(shape, cache);
  return cache;
}

function lookupAt(table: Float32Array, u: number): number {
  const n = table.length;
  const k = Math.floor(u);
  const t = u - k;
  const a = table[k % n];
  return a + t * (table[(k + 1) % n] - a);
}

/**
 * Paints the region inside a radial outline shrunk by `inset` mm (a number, or a table over angle
 * like `shape.radii`), optionally clipped by a half-plane. Nested insets of one outline give shells.
 */
export function paintRadial(canvas: PhantomCanvas, shape: RadialShape, inset: number | Float32Array, layer: Layer, clip?: HalfPlane): void {
  const cache = polarCache(canvas, shape);
  const n = shape.radii.length;
  const insetTable = typeof inset === 'number' ? undefined : inset;
  const insetConst = typeof inset === 'number' ? inset : 0;
  const insetScale = insetTable === undefined ? 0 : insetTable.length / n;
  // Pixels far inside or outside every point of the outline need no angle lookup.
  let bMin = Infinity;
  let bMax = -Infinity;
  for (let k = 0; k < n; k++) {
    const b = shape.radii[k] - (insetTable === undefined ? insetConst : insetTable[Math.floor(k * insetScale)]);
    bMin = Math.min(bMin, b);
    bMax = Math.max(bMax, b);
  }
  const margin = EDGE_REACH * canvas.edgeMm;
  const w = cache.i1 - cache.i0;
  for (let j = cache.j0; j < cache.j1; j++) {
    const y = rowToMm(canvas, j);
    for (let i = cache.i0; i < cache.i1; i++) {
      const q = (j - cache.j0) * w + (i - cache.i0);
      const r = cache.r[q];
      if (r > bMax + margin) continue;
      let d: number;
      if (r < bMin - margin) d = -margin;
      else {
        const u = cache.u[q];
        d = r - lookupAt(shape.radii, u) + (insetTable === undefined ? insetConst : lookupAt(insetTable, u * insetScale));
      }
      if (clip !== undefined) d = clipDistance(d, clip, columnToMm(canvas, i), y);
      const f = coverage(d, canvas.edgeMm);
      if (f > 0) blendPixel(canvas, j * canvas.width + i, f, layer, y);
    }
  }
}

/** One region of a nested set: the outline shrunk by `inset` mm (number or table over angle), and how it paints. */
export interface RadialShell {
  inset: number | Float32Array;
  layer: Layer;
}

function isOpaque(layer: Layer): boolean {
  if (layer.within !== undefined) return false;
  for (const v of layer.values) if (v !== v) return false;
  return true;
}

/**
 * Paints nested regions of one outline (skin, fat, muscle, bone …), outermost first, in one pass.
 * Same result as one paintRadial per shell in order, but a pixel only blends from the innermost
 * shell that covers it fully and writes every channel, since that shell overwrites all before it.
 * Insets must grow from shell to shell (each region inside the previous one).
 */
export function paintRadialShells(canvas: PhantomCanvas, shape: RadialShape, shells: readonly RadialShell[]): void {
  const cache = polarCache(canvas, shape);
  const n = shape.radii.length;
  const count = shells.length;
  const opaque = shells.map((s) => isOpaque(s.layer));
  const distances = new Float64Array(count);
  let bMax = -Infinity;
  for (let k = 0; k < n; k++) {
    const first = shells[0].inset;
    bMax = Math.max(bMax, shape.radii[k] - (typeof first === 'number' ? first : first[Math.floor((k * first.length) / n)]));
  }
  const margin = EDGE_REACH * canvas.edgeMm;
  const w = cache.i1 - cache.i0;
  for (let j = cache.j0; j < cache.j1; j++) {
    const y = rowToMm(canvas, j);
    for (let i = cache.i0; i < cache.i1; i++) {
      const q = (j - cache.j0) * w + (i - cache.i0);
      const r = cache.r[q];
      if (r > bMax + margin) continue;
      const u = cache.u[q];
      const boundary = r - lookupAt(shape.radii, u);
      let start = 0;
      for (let s = count - 1; s >= 0; s--) {
        const inset = shells[s].inset;
        const d = boundary + (typeof inset === 'number' ? inset : lookupAt(inset, (u * inset.length) / n));
        distances[s] = d;
        if (d <= -margin && opaque[s]) {
          start = s;
          break;
        }
      }
      const k = j * canvas.width + i;
      for (let s = start; s < count; s++) {
        const f = coverage(distances[s], canvas.edgeMm);
        if (f > 0) blendPixel(canvas, k, f, shells[s].layer, y);
      }
    }
  }
}

