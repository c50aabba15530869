import { blendPixel, columnRange, columnToMm, coverage, EDGE_REACH, rowRange, rowToMm, type Layer, type PhantomCanvas } from './phantomCanvas';

/** A half-plane n·p ≤ c (mm) that clips a shape (intersection of signed distances). */
export interface HalfPlane {
  nx: number;
  ny: number;
  c: number;
}

/** Ellipse centred at (cx, cy) mm with semi-axes rx, ry (mm), rotated by `angle` radians. */
export interface Ellipse {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  angle?: number;
  clip?: HalfPlane;
}

/** Segment from (x0, y0) to (x1, y1) mm with radius tapering from r0 to r1. */
export interface Capsule {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  r0: number;
  r1: number;
}

/** Signed distance of the intersection of a region (distance d) with a half-plane, at (x, y). */
export function clipDistance(d: number, clip: HalfPlane | undefined, x: number, y: number): number {
  if (clip === undefined) return d;
  const dc = clip.nx * x + clip.ny * y - clip.c;
  return dc > d ? dc : d;
}

/** Paints an ellipse (optionally clipped by a half-plane) into the canvas. */
export function paintEllipse(canvas: PhantomCanvas, e: Ellipse, layer: Layer): void {
  const margin = EDGE_REACH * canvas.edgeMm;
  const reach = Math.max(e.rx, e.ry) + margin;
  const [i0, i1] = columnRange(canvas, e.cx - reach, e.cx + reach);
  const [j0, j1] = rowRange(canvas, e.cy - reach, e.cy + reach);
  const cos = Math.cos(e.angle ?? 0);
  const sin = Math.sin(e.angle ?? 0);
  const irx2 = 1 / (e.rx * e.rx);
  const iry2 = 1 / (e.ry * e.ry);
  const rMin = Math.min(e.rx, e.ry);
  for (let j = j0; j < j1; j++) {
    const y = rowToMm(canvas, j);
    const dy = y - e.cy;
    for (let i = i0; i < i1; i++) {
      const x = columnToMm(canvas, i);
      const dx = x - e.cx;
      const u = dx * cos + dy * sin;
      const v = -dx * sin + dy * cos;
      const s = Math.sqrt(u * u * irx2 + v * v * iry2);
      let d: number;
      if (s < 0.5) d = (s - 1) * rMin;
      else {
        const g = Math.sqrt(u * u * irx2 * irx2 + v * v * iry2 * iry2);
        d = ((s - 1) * s) / g;
      }
      d = clipDistance(d, e.clip, x, y);
      const f = coverage(d, canvas.edgeMm);
      if (f > 0) blendPixel(canvas, j * canvas.width + i, f, layer, y);
    }
  }
}

/** Paints a tapered capsule (a thick segment) into the canvas. */
export function paintCapsule(canvas: PhantomCanvas, c: Capsule, layer: Layer): void {
  const margin = EDGE_REACH * canvas.edgeMm + Math.max(c.r0, c.r1);
  const [i0, i1] = columnRange(canvas, Math.min(c.x0, c.x1) - margin, Math.max(c.x0, c.x1) + margin);
  const [j0, j1] = rowRange(canvas, Math.min(c.y0, c.y1) - margin, Math.max(c.y0, c.y1) + margin);
  const ex = c.x1 - c.x0;
  const ey = c.y1 - c.y0;
  const len2 = ex * ex + ey * ey || 1e-9;
  for (let j = j0; j < j1; j++) {
    const y = rowToMm(canvas, j);
    for (let i = i0; i < i1; i++) {
      const x = columnToMm(canvas, i);
      let t = ((x - c.x0) * ex + (y - c.y0) * ey) / len2;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const px = x - c.x0 - t * ex;
      const py = y - c.y0 - t * ey;
      const d = Math.sqrt(px * px + py * py) - (c.r0 + t * (c.r1 - c.r0));
      const f = coverage(d, canvas.edgeMm);
      if (f > 0) blendPixel(canvas, j * canvas.width + i, f, layer, y);
    }
  }
}

/** Paints a polyline of capsules through the points [x0, y0, x1, y1, …] with radius tapering r0 → r1. */
export function paintPolyline(canvas: PhantomCanvas, points: readonly number[], r0: number, r1: number, layer: Layer): void {
  const segments = points.length / 2 - 1;
  for (let s = 0; s < segments; s++) {
    const ra = r0 + ((r1 - r0) * s) / segments;
    const rb = r0 + ((r1 - r0) * (s + 1)) / segments;
    paintCapsule(canvas, { x0: points[2 * s], y0: points[2 * s + 1], x1: points[2 * s + 2], y1: points[2 * s + 3], r0: ra, r1: rb }, layer);
  }
}

/**
 * Paints any region given by a signed distance function (mm, negative inside) over a bounding box
 * in mm. Slower than the specialised painters (a call per pixel): use it for rare shapes only.
 */
export function paintRegion(
  canvas: PhantomCanvas,
  bounds: { xMin: number; xMax: number; yMin: number; yMax: number },
  distance: (x: number, y: number) => number,
  layer: Layer,
): void {
  const margin = EDGE_REACH * canvas.edgeMm;
  const [i0, i1] = columnRange(canvas, bounds.xMin - margin, bounds.xMax + margin);
  const [j0, j1] = rowRange(canvas, bounds.yMin - margin, bounds.yMax + margin);
  for (let j = j0; j < j1; j++) {
    const y = rowToMm(canvas, j);
    for (let i = i0; i < i1; i++) {
      const f = coverage(distance(columnToMm(canvas, i), y), canvas.edgeMm);
      if (f > 0) blendPixel(canvas, j * canvas.width + i, f, layer, y);
    }
  }
}
