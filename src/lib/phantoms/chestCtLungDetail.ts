import { normal, uniform, type Rng } from '../random';
import { CT_CHANNELS } from './chestCtBody';
import type { ChestLevelGeometry } from './chestCtGeometry';
import type { ChestCtSubject } from './chestCtSubject';
import { CT_LABELS } from './chestCtTissues';
import { paintCapsule, paintEllipse, paintPolyline } from './paintShapes';
import { paintRadial } from './paintRadial';
import type { Layer, PhantomCanvas } from './phantomCanvas';
import { levelProfile } from './phantomMath';

const KEEP = Number.NaN;

/** A layer painted only where the lung mask is, leaving the mask unchanged (structures inside the lung). */
function insideLung(hu: number, label: number): Layer {
  return { values: [hu, KEEP, KEEP, KEEP], label, within: CT_CHANNELS.lung };
}

/**
 * Paints what lies inside the lung mask but is not air-like: the dependent (posterior) density
 * band, fissures, and pulmonary vessels branching from the hila (random walks with radius
 * tapering from ~5 mm to 0.5 mm) plus vessel cross-sections. These are the hard positives.
 */
export function paintLungDetail(canvas: PhantomCanvas, subject: ChestCtSubject, g: ChestLevelGeometry, rng: Rng): void {
  if (g.lungGrowth <= 0 || g.z >= subject.domes.lungBaseZ) return;
  const hu = subject.hu;
  const c = g.cavity;
  const cx = subject.body.cx;
  const m = subject.mediastinumHalfWidth;
  if (subject.dependent.present) {
    const t = subject.dependent.thicknessMm;
    paintRadial(canvas, g.body, g.wallInset, insideLung(subject.dependent.hu, CT_LABELS.dependentLung), { nx: 0, ny: -1, c: -(c.yBack - t) });
  }
  // Fissures: an oblique fissure per lung, sweeping from posterolateral (upper) to anterolateral (lower).
  const fissure = insideLung(hu.fissure, CT_LABELS.fissure);
  if (g.z > 0.22) {
    for (const side of [-1, 1]) {
      const phi = Math.PI / 2 - side * (0.35 + 1.6 * Math.min(1, (g.z - 0.22) / 0.75));
      const x0 = cx + side * (m + 12);
      const y0 = c.yc + 0.05 * c.halfDepth;
      const x2 = cx + 1.3 * c.halfWidth * Math.cos(phi);
      const y2 = c.yc + 1.3 * c.halfDepth * Math.sin(phi);
      const bow = uniform(rng, -0.15, 0.15);
      const x1 = 0.5 * (x0 + x2) - bow * (y2 - y0);
      const y1 = 0.5 * (y0 + y2) + bow * (x2 - x0);
      paintPolyline(canvas, [x0, y0, x1, y1, x2, y2], 0.55, 0.45, fissure);
    }
  }
  // Minor (horizontal) fissure of the right lung, seen obliquely in a band of levels.
  if (levelProfile(g.z, 0.42, 0.58) > 0.3) {
    const x0 = cx - (m + 10);
    paintPolyline(canvas, [x0, c.yc - 0.1 * c.halfDepth, x0 - 0.5 * c.halfWidth, c.yc - 0.45 * c.halfDepth, cx - 1.2 * c.halfWidth, c.yc - 0.55 * c.halfDepth], 0.5, 0.45, fissure);
  }
  // Vessel trees from each hilum.
  const vessel = insideLung(hu.vesselBlood, CT_LABELS.pulmonaryVessel);
  const central = levelProfile(g.z, 0.05, subject.domes.lungBaseZ + 0.05, 0.5);
  const stack: number[] = [];
  for (const side of [-1, 1]) {
    const hx = cx + side * (m + 8);
    const hy = g.trachea.y + 12;
    const trees = 2 + Math.floor(rng() * 3);
    for (let k = 0; k < trees; k++) {
      const angle = (side > 0 ? 0 : Math.PI) + side * uniform(rng, -1.9, 1.9);
      stack.push(hx, hy, angle, uniform(rng, 2, 4.5) * (0.5 + 0.5 * central), 0);
    }
  }
  let painted = 0;
  while (stack.length > 0 && painted < 400) {
    const gen = stack.pop() as number;
    const r = stack.pop() as number;
    const angle = stack.pop() as number;
    const y = stack.pop() as number;
    const x = stack.pop() as number;
    const length = uniform(rng, 7, 15) * (0.6 + (0.4 * r) / 4);
    const x1 = x + length * Math.cos(angle);
    const y1 = y + length * Math.sin(angle);
    const r1 = r * uniform(rng, 0.72, 0.88);
    paintCapsule(canvas, { x0: x, y0: y, x1, y1, r0: r, r1 }, vessel);
    painted++;
    if (r1 < 0.6 || gen > 8) continue;
    if (rng() < 0.45) {
      const spread = uniform(rng, 0.25, 0.6);
      stack.push(x1, y1, angle + spread, r1 * 0.85, gen + 1);
      stack.push(x1, y1, angle - spread, r1 * 0.85, gen + 1);
    } else {
      stack.push(x1, y1, angle + normal(rng, 0, 0.3), r1, gen + 1);
    }
  }
  // Vessels crossing the slice: round cross-sections scattered through the lungs.
  const dots = Math.round(uniform(rng, 30, 90) * g.lungGrowth);
  for (let k = 0; k < dots; k++) {
    const side = rng() < 0.5 ? -1 : 1;
    const x = cx + side * uniform(rng, m, c.halfWidth);
    const y = c.yc + uniform(rng, -1, 1) * c.halfDepth;
    const r = 0.6 + 2.4 * rng() ** 2;
    paintEllipse(canvas, { cx: x, cy: y, rx: r, ry: r * uniform(rng, 1, 1.6), angle: uniform(rng, 0, Math.PI) }, vessel);
  }
}
