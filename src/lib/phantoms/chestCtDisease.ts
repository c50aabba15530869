import { createRng, deriveSeed, uniform } from '../random';
import { CT_CHANNELS, ctLayer } from './chestCtBody';
import type { ChestLevelGeometry } from './chestCtGeometry';
import { CHEST_LEVEL_MM, type ChestCtSubject } from './chestCtSubject';
import { CT_LABELS } from './chestCtTissues';
import { paintEllipse, paintRegion } from './paintShapes';
import type { Layer, PhantomCanvas } from './phantomCanvas';
import { smoothstep } from './phantomMath';

const KEEP = Number.NaN;

/**
 * Paints lung disease that is not air. Nodules and consolidation replace lung where the lung is and
 * keep the lung mask (they are lung, and a model must not call them "not lung" for being bright);
 * pleural effusion lies in the pleural space, so it clears the mask and pushes the lung forward.
 */
export function paintLungDisease(canvas: PhantomCanvas, subject: ChestCtSubject, g: ChestLevelGeometry, sliceSeed: number): void {
  if (g.lungGrowth <= 0 || g.z >= subject.domes.lungBaseZ) return;
  const d = subject.variety;
  const c = g.cavity;
  const cx = subject.body.cx;
  const inLung = (hu: number, label: number): Layer => ({ values: [hu, KEEP, KEEP, KEEP], label, within: CT_CHANNELS.lung });
  for (const n of d.nodules) {
    const dz = (g.z - n.zc) * CHEST_LEVEL_MM;
    const r2 = n.radiusMm * n.radiusMm - dz * dz;
    if (r2 <= 0.25) continue;
    const r = Math.sqrt(r2);
    paintEllipse(canvas, { cx: cx + n.u * c.halfWidth, cy: c.yc + n.v * c.halfDepth, rx: r, ry: r }, inLung(n.hu, CT_LABELS.nodule));
  }
  // Lobes of a patch stay in place from level to level: their offsets come from the subject, not the slice.
  d.consolidations.forEach((p, index) => {
    const dz = (g.z - p.zc) * CHEST_LEVEL_MM;
    const t = 1 - (dz / p.halfHeightMm) ** 2;
    if (t <= 0.02) return;
    const s = Math.sqrt(t);
    const rng = createRng(deriveSeed(subject.seed, `consolidation:${index}`));
    const x0 = cx + p.u * c.halfWidth;
    const y0 = c.yc + p.v * c.halfDepth;
    for (let k = 0; k < 4; k++) {
      const ox = k === 0 ? 0 : uniform(rng, -0.6, 0.6) * p.rxMm;
      const oy = k === 0 ? 0 : uniform(rng, -0.6, 0.6) * p.ryMm;
      const f = k === 0 ? 1 : uniform(rng, 0.4, 0.7);
      paintEllipse(canvas, { cx: x0 + ox * s, cy: y0 + oy * s, rx: f * p.rxMm * s, ry: f * p.ryMm * s, angle: p.angle }, inLung(p.hu + uniform(rng, -15, 15), CT_LABELS.consolidation));
    }
  });
  if (d.effusion.maxMm > 0) {
    // Supine: the fluid layers along the back of the cavity, thicker towards the bases; a flat surface in the slice.
    const depth = d.effusion.maxMm * smoothstep(0.2, 0.85, g.z);
    const noise = createRng(deriveSeed(sliceSeed, 'effusion'));
    const surface = c.yBack + 6 - depth * uniform(noise, 0.95, 1.05);
    if (depth < 1) return;
    const layer: Layer = { ...ctLayer(d.effusion.hu, CT_LABELS.effusion), within: CT_CHANNELS.cavity };
    for (const side of d.effusion.sides) {
      const bounds = side < 0 ? { xMin: cx - c.halfWidth - 20, xMax: cx } : { xMin: cx, xMax: cx + c.halfWidth + 20 };
      paintRegion(canvas, { ...bounds, yMin: surface, yMax: c.yBack + 20 }, (x, y) => Math.max(surface - y, side * (cx - x)), layer);
    }
  }
}

/**
 * Scanner calibration in place on a [size·size] HU image: the subject's offset everywhere, and cupping
 * (a parabola, deepest at the body's centre, 0 at and beyond its outline).
 */
export function applyCtScanner(hu: Float32Array, size: number, subject: ChestCtSubject): void {
  const { huOffset, cuppingHu } = subject.variety;
  if (huOffset === 0 && cuppingHu === 0) return;
  const mm = subject.fovMm / size;
  const b = subject.body;
  const ry = 0.5 * (b.anteriorDepth + b.posteriorDepth);
  const yc = b.cy + 0.5 * (b.posteriorDepth - b.anteriorDepth);
  for (let j = 0; j < size; j++) {
    const y = (j + 0.5 - size / 2) * mm - yc;
    for (let i = 0; i < size; i++) {
      const x = (i + 0.5 - size / 2) * mm - b.cx;
      const rho2 = (x / b.halfWidth) ** 2 + (y / ry) ** 2;
      hu[j * size + i] += huOffset - (rho2 < 1 ? cuppingHu * (1 - rho2) : 0);
    }
  }
}
