import { uniform, type Rng } from '../random';
import { CT_CHANNELS } from './chestCtBody';
import type { ChestLevelGeometry } from './chestCtGeometry';
import type { ChestCtSubject } from './chestCtSubject';
import { CT_LABELS } from './chestCtTissues';
import { paintEllipse } from './paintShapes';
import type { Layer, PhantomCanvas } from './phantomCanvas';

const KEEP = Number.NaN;

/** A layer inside the abdomen only (clipped by the abdomen channel), clearing the lung mask. */
function organ(hu: number, label: number): Layer {
  return { values: [hu, 0, KEEP, KEEP], label, within: CT_CHANNELS.abdomen };
}

/**
 * Paints the diaphragm domes and what lies under them. Each dome's cross-section grows like a
 * spherical cap, √p with p the depth below its top, and is clipped to the thoracic cavity; it
 * covers the cavity by the lung base, so the lungs end as posterior (costophrenic) crescents.
 * Under the left dome: stomach with gas over a fluid level, spleen and colon gas — the hard
 * negatives with lung-like HU.
 */
export function paintAbdomen(canvas: PhantomCanvas, subject: ChestCtSubject, g: ChestLevelGeometry, rng: Rng): void {
  const hu = subject.hu;
  const d = subject.domes;
  const c = g.cavity;
  const cx = subject.body.cx;
  const depth = (top: number): number => Math.sqrt(Math.min(1, Math.max(0, (g.z - top) / (d.lungBaseZ - top))));
  const qR = depth(d.rightZ);
  if (qR > 0) {
    const liver = { cx: cx - 0.3 * c.halfWidth, cy: c.yc - 0.2 * c.halfDepth, rx: 1.0 * c.halfWidth * qR, ry: 1.5 * c.halfDepth * qR };
    paintEllipse(canvas, liver, { values: [hu.liver, 0, KEEP, 1], label: CT_LABELS.liver, within: CT_CHANNELS.cavity });
    // Colon gas at the hepatic flexure, anterior, only below the lungs' lowest levels.
    if (g.z > d.lungBaseZ - 0.04 && rng() < subject.colonGasChance) {
      const r = uniform(rng, 6, 14);
      paintEllipse(canvas, { cx: liver.cx + uniform(rng, -0.2, 0.3) * liver.rx, cy: liver.cy - 0.6 * liver.ry, rx: r * 1.3, ry: r }, organ(hu.air, CT_LABELS.bowelGas));
    }
  }
  const qL = depth(d.leftZ);
  if (qL <= 0) return;
  const dome = { cx: cx + 0.32 * c.halfWidth, cy: c.yc - 0.15 * c.halfDepth, rx: 0.95 * c.halfWidth * qL, ry: 1.5 * c.halfDepth * qL };
  paintEllipse(canvas, dome, { values: [0.5 * (hu.fat + hu.softTissue), 0, KEEP, 1], label: CT_LABELS.softTissue, within: CT_CHANNELS.cavity });
  // Spleen: posterolateral under the left dome.
  paintEllipse(canvas, { cx: dome.cx + 0.42 * dome.rx, cy: dome.cy + 0.45 * dome.ry, rx: 0.3 * dome.rx, ry: 0.28 * dome.ry, angle: 0.6 }, organ(hu.spleen, CT_LABELS.spleen));
  // Stomach: wall, fluid, and gas above the (horizontal, supine) fluid level.
  const st = { cx: dome.cx - 0.05 * dome.rx, cy: dome.cy - 0.15 * dome.ry, rx: 0.5 * dome.rx, ry: 0.42 * dome.ry };
  paintEllipse(canvas, st, organ(hu.softTissue, CT_LABELS.stomach));
  if (st.rx > 4 && st.ry > 4) {
    const inner = { ...st, rx: st.rx - 3, ry: st.ry - 3 };
    paintEllipse(canvas, inner, organ(hu.stomachFluid, CT_LABELS.stomach));
    if (subject.stomachGasFraction > 0) {
      const level = inner.cy - inner.ry + 2 * inner.ry * subject.stomachGasFraction;
      paintEllipse(canvas, { ...inner, clip: { nx: 0, ny: 1, c: level } }, organ(hu.air, CT_LABELS.bowelGas));
    }
  }
  // Colon gas at the splenic flexure: anterolateral pockets.
  if (qL > 0.4 && rng() < subject.colonGasChance) {
    const count = 1 + Math.floor(rng() * 3);
    for (let k = 0; k < count; k++) {
      const r = uniform(rng, 0.08, 0.16) * dome.rx;
      paintEllipse(
        canvas,
        { cx: dome.cx + uniform(rng, 0.45, 0.65) * dome.rx, cy: dome.cy + uniform(rng, -0.55, -0.1) * dome.ry, rx: r * uniform(rng, 1, 1.6), ry: r, angle: uniform(rng, 0, Math.PI) },
        organ(hu.air, CT_LABELS.bowelGas),
      );
    }
  }
}
