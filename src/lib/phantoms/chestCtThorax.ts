import { uniform, type Rng } from '../random';
import { CT_CHANNELS, ctLayer } from './chestCtBody';
import type { ChestLevelGeometry } from './chestCtGeometry';
import type { ChestCtSubject } from './chestCtSubject';
import { CT_LABELS } from './chestCtTissues';
import { paintCapsule, paintEllipse } from './paintShapes';
import type { PhantomCanvas } from './phantomCanvas';
import { levelProfile, smoothstep } from './phantomMath';

const KEEP = Number.NaN;

/** Paints both lungs into the thoracic cavity (they set the lung mask to 1). */
export function paintLungs(canvas: PhantomCanvas, subject: ChestCtSubject, g: ChestLevelGeometry): void {
  if (g.lungGrowth <= 0 || g.z >= subject.domes.lungBaseZ) return;
  const hu = subject.hu;
  const a = g.lungGrowth;
  const m = subject.mediastinumHalfWidth;
  const c = g.cavity;
  const layer = {
    values: [hu.lungAnterior - hu.lungGradientPerMm * c.yFront, 1, KEEP, KEEP],
    label: CT_LABELS.lung,
    within: CT_CHANNELS.cavity,
    gradientY: { channel: CT_CHANNELS.hu, perMmY: hu.lungGradientPerMm },
  };
  for (const side of [-1, 1]) {
    const size = subject.lungs.widthFactor * (1 - side * subject.lungs.asymmetry);
    const rx = ((c.halfWidth + 15 - m) / 2) * size * a;
    const ry = (c.halfDepth + 14) * (0.25 + 0.75 * a);
    const cx = subject.body.cx + side * (m + rx);
    const cy = c.yc + (1 - a) * 0.3 * c.halfDepth;
    paintEllipse(canvas, { cx, cy, rx, ry }, layer);
  }
}

/** Paints the mediastinum: fat, heart, great vessels, hila, trachea and bronchi, oesophagus. */
export function paintMediastinum(canvas: PhantomCanvas, subject: ChestCtSubject, g: ChestLevelGeometry, rng: Rng): void {
  const hu = subject.hu;
  const z = g.z;
  const cx = subject.body.cx;
  const v = g.vertebra;
  const c = g.cavity;
  const m = subject.mediastinumHalfWidth;
  const heartEnd = subject.domes.rightZ + 0.14;
  const heartProfile = levelProfile(z, subject.heart.zTop, heartEnd, 0.6);
  const lower = smoothstep(0.8, 1.0, z);
  // Mediastinal fat between sternum and spine.
  const yTop = c.yFront + lower * 0.5 * (v.y - c.yFront);
  paintEllipse(canvas, { cx: v.x, cy: 0.5 * (yTop + v.y), rx: m * (1 + 0.4 * heartProfile) * (1 - 0.4 * lower), ry: 0.5 * (v.y - yTop) + 4 }, ctLayer(hu.fat, CT_LABELS.fat));
  // Heart with pericardial fat, and enhanced chambers when the subject had contrast.
  if (heartProfile > 0) {
    const h = subject.heart;
    const hx = cx + h.dx;
    const hy = c.yc - 0.08 * c.halfDepth;
    const rx = h.rx * heartProfile;
    const ry = h.ry * heartProfile;
    paintEllipse(canvas, { cx: hx, cy: hy, rx: rx + 4, ry: ry + 4, angle: h.angle }, ctLayer(hu.fat, CT_LABELS.fat));
    paintEllipse(canvas, { cx: hx, cy: hy, rx, ry, angle: h.angle }, ctLayer(hu.softTissue + 5, CT_LABELS.heart));
    if (subject.contrast) {
      paintEllipse(canvas, { cx: hx + 0.3 * rx, cy: hy + 0.1 * ry, rx: 0.45 * rx, ry: 0.45 * ry, angle: h.angle }, ctLayer(hu.vesselBlood, CT_LABELS.heart));
      paintEllipse(canvas, { cx: hx - 0.3 * rx, cy: hy - 0.35 * ry, rx: 0.4 * rx, ry: 0.3 * ry, angle: h.angle }, ctLayer(hu.vesselBlood, CT_LABELS.heart));
    }
  }
  const blood = ctLayer(hu.vesselBlood, CT_LABELS.greatVessel);
  const archZ = subject.trachea.carinaZ - 0.08;
  const yAsc = c.yFront + 0.32 * (v.y - c.yFront);
  const ra = subject.aortaRadius;
  // Hila: soft tissue at the lungs' medial borders around the main bronchi (excluded from the mask).
  const hilum = levelProfile(z, subject.trachea.carinaZ - 0.04, subject.trachea.carinaZ + 0.22, 0.7);
  if (hilum > 0) {
    for (const side of [-1, 1]) {
      const r = subject.hilumRadius * hilum;
      paintEllipse(canvas, { cx: cx + side * (m + 0.4 * r + 4), cy: g.trachea.y + 10, rx: 0.8 * r, ry: r }, ctLayer(hu.softTissue, CT_LABELS.softTissue));
    }
  }
  if (z > archZ + 0.03 && z < archZ + 0.13) {
    paintEllipse(canvas, { cx: cx + 18, cy: yAsc - 2, rx: 13, ry: 13 }, blood);
    if (z > archZ + 0.07) {
      for (const side of [-1, 1]) paintCapsule(canvas, { x0: cx + 18, y0: yAsc, x1: cx + side * (m + 14), y1: g.trachea.y + 6, r0: 8, r1: 7 }, blood);
    }
  }
  if (z >= archZ && z < subject.heart.zTop + 0.12) paintEllipse(canvas, { cx: cx - 6, cy: yAsc, rx: ra, ry: ra }, blood);
  const desc = { x: v.x + v.r + 0.3 * ra, y: v.y - 0.5 * v.r };
  const toMid = smoothstep(0.75, 1.05, z);
  desc.x += toMid * (v.x + 6 - desc.x);
  desc.y += toMid * (v.y - v.r - ra - desc.y);
  if (z >= archZ - 0.05 && z < archZ) paintCapsule(canvas, { x0: cx - 6, y0: yAsc, x1: desc.x, y1: desc.y, r0: ra, r1: ra * 0.9 }, blood);
  if (z >= archZ - 0.02) paintEllipse(canvas, { cx: desc.x, cy: desc.y, rx: 0.88 * ra, ry: 0.88 * ra }, blood);
  if (z > -0.02 && z < subject.heart.zTop + 0.06) paintEllipse(canvas, { cx: cx - 26, cy: yAsc + 2, rx: 9, ry: 10 }, blood);
  if (z < archZ - 0.04) {
    for (const [dx, dy, r] of [[-14, -16, 6], [4, -19, 5], [17, -12, 5]]) paintEllipse(canvas, { cx: g.trachea.x + dx, cy: g.trachea.y + dy, rx: r, ry: r }, blood);
  }
  if (z > subject.domes.rightZ + 0.08) paintEllipse(canvas, { cx: cx - 24, cy: v.y - v.r - 14, rx: 11, ry: 12 }, blood);
  // Thyroid lobes in the neck (iodine makes them denser than muscle).
  if (z < 0) {
    for (const side of [-1, 1]) paintEllipse(canvas, { cx: g.trachea.x + side * (g.trachea.r + 9), cy: g.trachea.y - 3, rx: 9, ry: 13 }, ctLayer(hu.softTissue + 50, CT_LABELS.softTissue));
  }
  paintAirways(canvas, subject, g);
  // Oesophagus, sometimes with a little air in its lumen.
  if (z < subject.domes.leftZ + 0.1) {
    const o = g.oesophagus;
    paintEllipse(canvas, { cx: o.x, cy: o.y, rx: o.r, ry: o.r * 0.85 }, ctLayer(hu.softTissue, CT_LABELS.oesophagus));
    if (rng() < subject.oesophagusAirChance) {
      const r = uniform(rng, 1.5, 4);
      paintEllipse(canvas, { cx: o.x, cy: o.y, rx: r, ry: r * 0.8 }, ctLayer(hu.air, CT_LABELS.airway));
    }
  }
}

/** Paints the trachea, and below the carina the main bronchi; all air, all outside the lung mask. */
function paintAirways(canvas: PhantomCanvas, subject: ChestCtSubject, g: ChestLevelGeometry): void {
  const hu = subject.hu;
  const t = g.trachea;
  const carina = subject.trachea.carinaZ;
  const wall = ctLayer(hu.softTissue, CT_LABELS.softTissue);
  const air = ctLayer(hu.air, CT_LABELS.airway);
  if (g.z < carina) {
    paintEllipse(canvas, { cx: t.x, cy: t.y, rx: t.r + 1.8, ry: 0.9 * t.r + 1.8 }, wall);
    paintEllipse(canvas, { cx: t.x, cy: t.y, rx: t.r, ry: 0.9 * t.r }, air);
    return;
  }
  const s = (g.z - carina) / 0.11;
  if (s >= 1) return;
  const r = 0.72 * t.r * (1 - 0.25 * s);
  for (const side of [-1, 1]) {
    const x = t.x + side * (0.6 * r + (side < 0 ? 26 : 36) * s);
    const y = t.y + 9 * s;
    paintEllipse(canvas, { cx: x, cy: y, rx: r + 1.6, ry: r + 1.6 }, wall);
    paintEllipse(canvas, { cx: x, cy: y, rx: r, ry: r }, air);
  }
}
