import { uniform, type Rng } from '../random';
import type { ChestLevelGeometry } from './chestCtGeometry';
import type { ChestCtSubject } from './chestCtSubject';
import { CT_LABELS } from './chestCtTissues';
import { paintCapsule, paintEllipse, paintPolyline, paintRegion } from './paintShapes';
import { paintRadialShells, radialLookup } from './paintRadial';
import type { Layer, PhantomCanvas } from './phantomCanvas';
import { smoothstep } from './phantomMath';

/** Channels of the chest-CT canvas. */
export const CT_CHANNELS = { hu: 0, lung: 1, cavity: 2, abdomen: 3 } as const;
const KEEP = Number.NaN;

/** A layer that writes HU, clears the lung mask and leaves the cavity and abdomen channels as they are. */
export function ctLayer(hu: number, label: number): Layer {
  return { values: [hu, 0, KEEP, KEEP], label };
}

/** Paints the scanner table (curved shell with a foam core) and the optional mattress under the body. */
export function paintTable(canvas: PhantomCanvas, subject: ChestCtSubject, g: ChestLevelGeometry): void {
  const t = subject.table;
  const y0 = g.yBack + t.gapMm + t.mattressMm;
  const rt = t.curvatureMm;
  const top = (x: number): number => y0 - (rt - Math.sqrt(Math.max(0, rt * rt - x * x)));
  const bounds = { xMin: -t.halfWidth, xMax: t.halfWidth, yMin: top(t.halfWidth) - t.mattressMm, yMax: y0 + t.thicknessMm };
  if (t.mattressMm > 0) {
    const hw = t.halfWidth - 15;
    paintRegion(canvas, bounds, (x, y) => Math.max(top(x) - t.mattressMm - y, y - top(x), Math.abs(x) - hw), ctLayer(subject.hu.mattress, CT_LABELS.mattress));
  }
  const shell = (x: number, y: number): number => {
    const yt = top(x);
    return Math.max(yt - y, y - (yt + t.thicknessMm), Math.abs(x) - t.halfWidth);
  };
  paintRegion(canvas, bounds, shell, ctLayer(subject.hu.tableShell, CT_LABELS.tableShell));
  paintRegion(canvas, bounds, (x, y) => shell(x, y) + t.shellMm, ctLayer(subject.hu.tableFoam, CT_LABELS.tableFoam));
}

/** Paints skin, subcutaneous fat, chest-wall muscle and the (empty) thoracic cavity. */
export function paintBodyWall(canvas: PhantomCanvas, subject: ChestCtSubject, g: ChestLevelGeometry): void {
  const hu = subject.hu;
  // The cavity starts filled with mediastinal fat (neck muscles above the apex); lungs and organs are painted into it.
  const neck = 1 - smoothstep(-0.05, 0.03, g.z);
  const fill = hu.fat + neck * (hu.muscle - hu.fat);
  const wall = (value: number, label: number): Layer => ({ values: [value, 0, 0, 0], label });
  paintRadialShells(canvas, g.body, [
    { inset: 0, layer: wall(hu.muscle, CT_LABELS.softTissue) },
    { inset: 1.5, layer: wall(hu.fat, CT_LABELS.fat) },
    { inset: g.fatInset, layer: wall(hu.muscle, CT_LABELS.muscle) },
    { inset: g.wallInset, layer: { values: [fill, 0, 1, 0], label: neck > 0.5 ? CT_LABELS.muscle : CT_LABELS.fat } },
  ]);
}

/** Paints the arms beside the chest (when the subject holds them down): fat, muscle, humerus. */
export function paintArms(canvas: PhantomCanvas, subject: ChestCtSubject, g: ChestLevelGeometry): void {
  const a = subject.arms;
  if (!a.down) return;
  const hu = subject.hu;
  const fat = 0.4 * subject.fatMm + 3;
  for (const side of [-1, 1]) {
    const cx = subject.body.cx + side * (g.halfWidth + a.gapMm + a.rx);
    const cy = subject.body.cy + a.dy;
    paintEllipse(canvas, { cx, cy, rx: a.rx, ry: a.ry }, ctLayer(hu.muscle, CT_LABELS.softTissue));
    paintEllipse(canvas, { cx, cy, rx: a.rx - 1.5, ry: a.ry - 1.5 }, ctLayer(hu.fat, CT_LABELS.fat));
    paintEllipse(canvas, { cx, cy, rx: a.rx - fat, ry: a.ry - fat }, ctLayer(hu.muscle, CT_LABELS.muscle));
    const hx = cx - side * 0.15 * a.rx;
    paintEllipse(canvas, { cx: hx, cy, rx: 11, ry: 11 }, ctLayer(hu.boneCortex, CT_LABELS.boneCortex));
    paintEllipse(canvas, { cx: hx, cy, rx: 8.5, ry: 8.5 }, ctLayer(hu.boneMarrow, CT_LABELS.boneMarrow));
  }
}

function paintBone(canvas: PhantomCanvas, subject: ChestCtSubject, cx: number, cy: number, rx: number, ry: number, angle: number, marrow: number): void {
  paintEllipse(canvas, { cx, cy, rx, ry, angle }, ctLayer(subject.hu.boneCortex, CT_LABELS.boneCortex));
  const shell = 1.4;
  if (rx > shell + 0.5 && ry > shell + 0.5) paintEllipse(canvas, { cx, cy, rx: rx - shell, ry: ry - shell, angle }, ctLayer(marrow, CT_LABELS.boneMarrow));
}

/** Point at angle theta on the body outline inset by `depth` mm. */
function wallPoint(g: ChestLevelGeometry, theta: number, depth: number): [number, number] {
  const r = radialLookup(g.body.radii, theta) - depth;
  return [g.body.cx + r * Math.cos(theta), g.body.cy + r * Math.sin(theta)];
}

/** Paints ribs, sternum, clavicles, scapulae, the spine and the paraspinal muscles. */
export function paintSkeleton(canvas: PhantomCanvas, subject: ChestCtSubject, g: ChestLevelGeometry, rng: Rng): void {
  const hu = subject.hu;
  const z = g.z;
  const v = g.vertebra;
  // Paraspinal muscles first, so the posterior elements sit inside them.
  for (const side of [-1, 1]) {
    paintEllipse(canvas, { cx: v.x + side * (v.r + 10), cy: v.y + v.r + 20, rx: 21 + 0.3 * v.r, ry: 22, angle: side * 0.25 }, ctLayer(hu.muscle, CT_LABELS.muscle));
  }
  // Vertebra: body, posterior arch, spinous and transverse processes, canal with cord.
  paintBone(canvas, subject, v.x, v.y, v.r, v.r * 0.92, 0, hu.vertebralBody);
  const canalY = v.y + v.r + 9;
  paintEllipse(canvas, { cx: v.x, cy: canalY, rx: 13, ry: 11 }, ctLayer(hu.boneCortex * 0.8, CT_LABELS.boneCortex));
  paintCapsule(canvas, { x0: v.x, y0: canalY + 8, x1: v.x, y1: canalY + 30, r0: 4.5, r1: 3 }, ctLayer(hu.boneCortex * 0.8, CT_LABELS.boneCortex));
  for (const side of [-1, 1]) {
    paintCapsule(canvas, { x0: v.x + side * 8, y0: canalY - 2, x1: v.x + side * 30, y1: canalY + 2, r0: 4.5, r1: 3.5 }, ctLayer(hu.boneCortex * 0.8, CT_LABELS.boneCortex));
  }
  paintEllipse(canvas, { cx: v.x, cy: canalY, rx: 8, ry: 7 }, ctLayer(hu.spinalCord, CT_LABELS.spinalCord));
  // Ribs: cross-sections in the rib layer, avoiding the sternum and the spine.
  if (z > -0.02 && z < 1.06) {
    const count = 8 + Math.floor(rng() * 5);
    for (let k = 0; k < count; k++) {
      const side = k % 2 === 0 ? -1 : 1;
      // Angle from the anterior midline (0) round to the posterior midline (π).
      const u = 0.45 + ((Math.floor(k / 2) + uniform(rng, 0.1, 0.9)) / Math.ceil(count / 2)) * (Math.PI - 0.85);
      const theta = -Math.PI / 2 + side * u;
      const depth = radialLookup(g.muscleInset, theta) + subject.ribLayerMm / 2;
      const [x, y] = wallPoint(g, theta, depth);
      paintBone(canvas, subject, x, y, uniform(rng, 5, 12), uniform(rng, 3.5, 5), theta + Math.PI / 2, hu.boneMarrow);
    }
  }
  // Sternum.
  if (z > 0.06 && z < 0.74) {
    const depth = radialLookup(g.muscleInset, -Math.PI / 2) + subject.ribLayerMm / 2;
    const [x, y] = wallPoint(g, -Math.PI / 2, depth);
    paintBone(canvas, subject, x, y, z < 0.2 ? 18 : 12, 5.5, 0, hu.boneMarrow);
  }
  // Clavicles near the apex, scapulae behind the upper ribs.
  if (z > -0.07 && z < 0.07) {
    for (const side of [-1, 1]) {
      const a = wallPoint(g, -Math.PI / 2 + side * 0.3, radialLookup(g.fatInset, -Math.PI / 2) + 5);
      const b = wallPoint(g, -Math.PI / 2 + side * 1.05, radialLookup(g.fatInset, -Math.PI / 2) + 6);
      paintCapsule(canvas, { x0: a[0], y0: a[1], x1: b[0], y1: b[1], r0: 6, r1: 7 }, ctLayer(hu.boneCortex, CT_LABELS.boneCortex));
    }
  }
  if (z > -0.02 && z < 0.5) {
    const fade = 1 - smoothstep(0.35, 0.5, z);
    for (const side of [-1, 1]) {
      const pts: number[] = [];
      for (const u of [0.35, 0.7, 1.05 * fade + 0.7 * (1 - fade)]) {
        const theta = Math.PI / 2 - side * u;
        pts.push(...wallPoint(g, theta, radialLookup(g.fatInset, theta) + 0.5 * (radialLookup(g.muscleInset, theta) - radialLookup(g.fatInset, theta))));
      }
      paintPolyline(canvas, pts, 2.6, 1.6, ctLayer(hu.boneCortex * 0.8, CT_LABELS.boneCortex));
    }
  }
}
