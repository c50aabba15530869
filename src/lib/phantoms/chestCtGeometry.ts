import type { ChestCtSubject } from './chestCtSubject';
import { createRadialShape, radialLookup, type RadialShape } from './paintRadial';
import { bump, smoothstep } from './phantomMath';

const SAMPLES = 360;

/** The outlines and landmarks of one chest-CT level, shared by the painters (mm, y down = posterior). */
export interface ChestLevelGeometry {
  z: number;
  body: RadialShape;
  /** Inset tables over angle (same sampling as body.radii): skin → fat, fat+muscle, fat+muscle+rib layer. */
  fatInset: Float32Array;
  muscleInset: Float32Array;
  wallInset: Float32Array;
  /** Body outline at the midline front and back. */
  yFront: number;
  yBack: number;
  halfWidth: number;
  /** The thoracic cavity: half-width, front, back, centre and half-depth. */
  cavity: { halfWidth: number; yFront: number; yBack: number; yc: number; halfDepth: number };
  vertebra: { x: number; y: number; r: number };
  trachea: { x: number; y: number; r: number };
  oesophagus: { x: number; y: number; r: number };
  /** Growth of the lungs from the apex (0 at z ≤ 0, 1 in the mid chest). */
  lungGrowth: number;
}

/** Body outline radius at angle theta (image coordinates) for a subject scaled by (ws, ds). */
function bodyRadius(subject: ChestCtSubject, theta: number, ws: number, ds: number, breast: number): number {
  const b = subject.body;
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const anterior = s < 0;
  const a = b.halfWidth * ws;
  const depth = (anterior ? b.anteriorDepth : b.posteriorDepth) * ds;
  const n = anterior ? b.exponentAnterior : b.exponentPosterior;
  let r = 1 / (Math.abs(c / a) ** n + Math.abs(s / depth) ** n) ** (1 / n);
  let wobble = 1;
  for (let k = 0; k < 3; k++) wobble += b.harmonics[2 * k] * Math.cos((k + 2) * theta + b.harmonics[2 * k + 1]);
  r *= wobble;
  // Breasts: two anterolateral bumps, made of fat (the fat inset grows by the same amount).
  if (breast > 0) r += breast * (bump(theta, -Math.PI / 2 - 0.55, 0.45) + bump(theta, -Math.PI / 2 + 0.55, 0.45));
  return r;
}

/** Computes the level's outlines and landmarks; the caller owns the result. */
export function computeChestGeometry(subject: ChestCtSubject, z: number): ChestLevelGeometry {
  const b = subject.body;
  // The neck is narrower than the chest; the upper abdomen is a little wider.
  const ws = (0.7 + 0.3 * smoothstep(-0.1, 0.06, z)) * (1 + 0.05 * smoothstep(0.8, 1.08, z));
  const ds = (0.78 + 0.22 * smoothstep(-0.1, 0.06, z)) * (1 + 0.06 * smoothstep(0.8, 1.08, z));
  const breast = subject.breastMm * smoothstep(0.25, 0.4, z) * (1 - smoothstep(0.75, 0.9, z));
  const body = createRadialShape(b.cx, b.cy, (t) => bodyRadius(subject, t, ws, ds, breast), SAMPLES);
  const fatInset = new Float32Array(SAMPLES);
  const muscleInset = new Float32Array(SAMPLES);
  const wallInset = new Float32Array(SAMPLES);
  const neck = 1 - smoothstep(-0.06, 0.04, z);
  const pectoral = subject.pectoralMm * (1 - smoothstep(0.35, 0.6, z));
  for (let k = 0; k < SAMPLES; k++) {
    const t = -Math.PI + (2 * Math.PI * k) / SAMPLES;
    const c = Math.cos(t);
    const breastHere = breast * (bump(t, -Math.PI / 2 - 0.55, 0.45) + bump(t, -Math.PI / 2 + 0.55, 0.45));
    const fat = subject.fatMm * (1 + (subject.fatLateralFactor - 1) * c * c) * (1 - 0.4 * neck) + breastHere;
    const muscle =
      subject.muscleMm + pectoral * (bump(t, -Math.PI / 2 - 0.6, 0.5) + bump(t, -Math.PI / 2 + 0.6, 0.5)) + 25 * neck;
    fatInset[k] = fat;
    muscleInset[k] = fat + muscle;
    wallInset[k] = fat + muscle + subject.ribLayerMm;
  }
  const rFront = radialLookup(body.radii, -Math.PI / 2);
  const rBack = radialLookup(body.radii, Math.PI / 2);
  const rSide = 0.5 * (radialLookup(body.radii, 0) + radialLookup(body.radii, Math.PI));
  const yFront = b.cy - rFront;
  const yBack = b.cy + rBack;
  const cavFront = yFront + radialLookup(wallInset, -Math.PI / 2);
  const cavBack = yBack - radialLookup(wallInset, Math.PI / 2);
  const cavHalfWidth = rSide - 0.5 * (radialLookup(wallInset, 0) + radialLookup(wallInset, Math.PI));
  const vr = subject.spine.bodyRadius * (0.85 + 0.3 * smoothstep(0, 1.08, z));
  const vertebra = { x: b.cx + subject.spine.dx, y: yBack - subject.spine.depthFromBack * ds, r: vr };
  const oesR = 7 + 1.5 * smoothstep(0.3, 0.9, z);
  const tr = subject.trachea.radius;
  const oesophagusY = vertebra.y - vr - oesR - 2;
  const trachea = { x: vertebra.x - 2, y: oesophagusY - oesR - tr - 3, r: tr };
  const drift = smoothstep(0.7, 1.0, z);
  const oesophagus = { x: vertebra.x + 6 + 26 * drift, y: oesophagusY - 14 * drift, r: oesR };
  return {
    z,
    body,
    fatInset,
    muscleInset,
    wallInset,
    yFront,
    yBack,
    halfWidth: rSide,
    cavity: { halfWidth: cavHalfWidth, yFront: cavFront, yBack: cavBack, yc: 0.5 * (cavFront + cavBack), halfDepth: 0.5 * (cavBack - cavFront) },
    vertebra,
    trachea,
    oesophagus,
    lungGrowth: z <= 0 ? 0 : Math.min(1, Math.sqrt(z / subject.lungs.apexGrowth)),
  };
}
