import { uniform, type Rng } from '../random';
import type { BrainMriSubject } from './brainMriSubject';
import type { MrTissue } from './brainMriTissues';
import { paintEllipse, paintPolyline } from './paintShapes';
import { createRadialShape, paintRadialShells, radialLookup } from './paintRadial';
import type { Layer, PhantomCanvas } from './phantomCanvas';
import { bump, levelProfile, smoothstep } from './phantomMath';

/** Channels of the brain-MRI canvas: three contrasts and a helper mask of brain tissue. */
export const MR_CHANNELS = { t1w: 0, t2w: 1, pdw: 2, brain: 3 } as const;

/** The layer of each tissue for one slice (signals per contrast; brain-mask handling built in). */
export type TissueLayers = Record<MrTissue, Layer> & { cortex: Layer };

/** Head scale with level: full size up to z 0.5, shrinking towards the vertex, slightly smaller low down. */
export function headScale(z: number): number {
  if (z > 0.5) return Math.sqrt(Math.max(0.04, 1 - ((z - 0.5) / 0.56) ** 2));
  return 1 - 0.08 * smoothstep(0, 1, (0.35 - z) / 0.1);
}

interface Frame {
  cx: number;
  cy: number;
  cos: number;
  sin: number;
  rotation: number;
}

function toGlobal(f: Frame, u: number, v: number): [number, number] {
  return [f.cx + u * f.cos - v * f.sin, f.cy + u * f.sin + v * f.cos];
}

function headRadiusLocal(subject: BrainMriSubject, theta: number, scale: number): number {
  const h = subject.head;
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const n = h.exponent;
  const r = 1 / (Math.abs(c / (h.halfLr * scale)) ** n + Math.abs(s / (h.halfAp * scale)) ** n) ** (1 / n);
  let wobble = 1;
  for (let k = 0; k < 3; k++) wobble += h.harmonics[2 * k] * Math.cos((k + 2) * theta + h.harmonics[2 * k + 1]);
  return r * wobble;
}

/** Paints the whole head at level z: scalp, skull with diploë, CSF, folded cortex, white matter, deep structures. */
export function paintBrainAnatomy(canvas: PhantomCanvas, subject: BrainMriSubject, z: number, layers: TissueLayers, rng: Rng): void {
  const rot = subject.head.rotation;
  const frame: Frame = { cx: subject.head.cx, cy: subject.head.cy, cos: Math.cos(rot), sin: Math.sin(rot), rotation: rot };
  const scale = headScale(z);
  const head = createRadialShape(frame.cx, frame.cy, (t) => headRadiusLocal(subject, t - rot, scale));
  const n = head.radii.length;
  const inset = (extra: (local: number) => number): Float32Array => {
    const table = new Float32Array(n);
    for (let k = 0; k < n; k++) table[k] = extra(-Math.PI + (2 * Math.PI * k) / n - rot);
    return table;
  };
  const temporal = subject.temporalisMm * (1 - smoothstep(0.45, 0.6, z));
  const fat = (t: number): number => subject.scalpFatMm * (1 + (subject.scalpFatFrontBack - 1) * Math.abs(Math.sin(t)));
  const muscle = (t: number): number => temporal * (bump(t, 0, 0.7) + bump(t, Math.PI, 0.7) + bump(t, -Math.PI, 0.7));
  const scalp = (t: number): number => subject.skinMm + fat(t) + muscle(t);
  const skull = subject.outerTableMm + subject.diploeMm + subject.innerTableMm;
  const csfStart = (t: number): number => scalp(t) + skull + subject.duraMm;
  const brainStart = (t: number): number => csfStart(t) + subject.csfRimMm * (0.85 + 0.3 * Math.abs(Math.cos(t)));
  const brainInset = inset(brainStart);
  // Outside the brain the mask channel is 0: writing it makes these shells opaque (see paintRadialShells).
  const solid = (l: Layer): Layer => ({ ...l, values: [l.values[0], l.values[1], l.values[2], 0] });
  paintRadialShells(canvas, head, [
    { inset: 0, layer: solid(layers.skin) },
    { inset: subject.skinMm, layer: solid(layers.fat) },
    { inset: inset((t) => subject.skinMm + fat(t)), layer: solid(temporal > 0 ? layers.muscle : layers.fat) },
    { inset: inset(scalp), layer: solid(layers.bone) },
    { inset: inset((t) => scalp(t) + subject.outerTableMm), layer: solid(layers.diploe) },
    { inset: inset((t) => scalp(t) + subject.outerTableMm + subject.diploeMm), layer: solid(layers.bone) },
    { inset: inset((t) => scalp(t) + skull), layer: solid(layers.dura) },
    { inset: inset(csfStart), layer: solid(layers.csf) },
    { inset: brainInset, layer: layers.cortex },
    { inset: inset((t) => brainStart(t) + subject.gmThicknessMm), layer: layers.whiteMatter },
  ]);
  const brainRadius = (local: number): number => radialLookup(head.radii, local + rot) - radialLookup(brainInset, local + rot);
  const sulcusPoints = paintSulci(canvas, subject, z, frame, brainRadius, layers);
  paintFissure(canvas, subject, z, frame, brainRadius, layers);
  paintDeepStructures(canvas, subject, z, frame, layers);
  paintFlowVoids(canvas, subject, sulcusPoints, layers, rng);
}

/** Sulci as CSF notches lined by grey matter; returns points inside sulci (global mm) for flow voids. */
function paintSulci(canvas: PhantomCanvas, subject: BrainMriSubject, z: number, f: Frame, brainRadius: (t: number) => number, layers: TissueLayers): number[] {
  const scale = Math.sqrt(headScale(z));
  const t = subject.gmThicknessMm;
  const w = subject.sulcalHalfWidthMm;
  const paths: { points: number[]; branch: number[] | null; halfWidth: number }[] = [];
  const inside: number[] = [];
  for (const s of subject.sulci) {
    const depth = s.depthMm * scale * (s.sylvian ? levelProfile(z, 0.22, 0.56, 0.5) : 0.8 + 0.2 * Math.cos(2 * Math.PI * z * s.driftFrequency + s.swayPhase));
    if (depth < 2.5) continue;
    const a = s.angle + s.driftAmplitude * Math.sin(2 * Math.PI * s.driftFrequency * z + s.driftPhase);
    const sway = s.sway * Math.sin(2 * Math.PI * s.driftFrequency * z + s.swayPhase);
    const r = brainRadius(a);
    // Three pieces, each turned a little further: outer (radial), middle (bend), inner (bendInner).
    const pieces = [0.35, 0.35, 0.3];
    const turns = [0, s.bend + sway, s.bend + s.bendInner - sway];
    const local = [(r + 2) * Math.cos(a), (r + 2) * Math.sin(a)];
    let u = r * Math.cos(a);
    let v = r * Math.sin(a);
    const points = [...toGlobal(f, local[0], local[1])];
    let mu = u;
    let mv = v;
    for (let p = 0; p < 3; p++) {
      u -= pieces[p] * depth * Math.cos(a + turns[p]);
      v -= pieces[p] * depth * Math.sin(a + turns[p]);
      points.push(...toGlobal(f, u, v));
      if (p === 0) {
        mu = u;
        mv = v;
      }
    }
    const mid = toGlobal(f, mu, mv);
    let branch: number[] | null = null;
    if (s.branchMm > 0) {
      const side = s.bend >= 0 ? 1 : -1;
      const bu = mu - s.branchMm * Math.cos(a - side * 0.9);
      const bv = mv - s.branchMm * Math.sin(a - side * 0.9);
      branch = [...mid, ...toGlobal(f, bu, bv)];
    }
    const halfWidth = s.sylvian ? w + 0.8 : w;
    paths.push({ points, branch, halfWidth });
    inside.push(...mid);
  }
  for (const p of paths) {
    paintPolyline(canvas, p.points, p.halfWidth + t, p.halfWidth * 0.6 + t, layers.greyMatter);
    if (p.branch) paintPolyline(canvas, p.branch, p.halfWidth * 0.8 + t, p.halfWidth * 0.5 + t, layers.greyMatter);
  }
  const csf = { ...layers.csf, within: MR_CHANNELS.brain };
  for (const p of paths) {
    paintPolyline(canvas, p.points, p.halfWidth, p.halfWidth * 0.6, csf);
    if (p.branch) paintPolyline(canvas, p.branch, p.halfWidth * 0.8, p.halfWidth * 0.5, csf);
  }
  return inside;
}

/** The interhemispheric fissure from the frontal and occipital poles, meeting above the corpus callosum. */
function paintFissure(canvas: PhantomCanvas, subject: BrainMriSubject, z: number, f: Frame, brainRadius: (t: number) => number, layers: TissueLayers): void {
  const reach = 0.42 + 0.58 * smoothstep(0.56, 0.66, z);
  const w = subject.fissureHalfWidthMm;
  const t = subject.gmThicknessMm;
  const front = brainRadius(-Math.PI / 2);
  const back = brainRadius(Math.PI / 2);
  const wiggle = 1.5;
  const segments = [
    [...toGlobal(f, 0, -front - 3), ...toGlobal(f, wiggle, -front * (1 - 0.5 * reach)), ...toGlobal(f, 0, -front * (1 - reach) + 0.5)],
    [...toGlobal(f, 0, back + 3), ...toGlobal(f, -wiggle, back * (1 - 0.5 * reach)), ...toGlobal(f, 0, back * (1 - reach) - 0.5)],
  ];
  for (const s of segments) paintPolyline(canvas, s, w + t, 0.6 * w + t, layers.greyMatter);
  const csf = { ...layers.csf, within: MR_CHANNELS.brain };
  for (const s of segments) paintPolyline(canvas, s, w, 0.6 * w, csf);
  for (const s of segments) paintPolyline(canvas, s, 0.35, 0.3, layers.dura);
}

/** Deep grey nuclei, lateral and third ventricles and periventricular lesions. */
function paintDeepStructures(canvas: PhantomCanvas, subject: BrainMriSubject, z: number, f: Frame, layers: TissueLayers): void {
  const size = subject.head.halfAp / 92;
  const vs = subject.ventricleScale;
  const dg = subject.deepGreyScale;
  const ellipse = (u: number, v: number, ru: number, rv: number, angle: number, layer: Layer): void => {
    const [x, y] = toGlobal(f, u * size, v * size);
    if (ru > 0.3 && rv > 0.3) paintEllipse(canvas, { cx: x, cy: y, rx: ru * size, ry: rv * size, angle: angle + f.rotation }, layer);
  };
  const line = (pts: number[], r0: number, r1: number, layer: Layer): void => {
    const global: number[] = [];
    for (let k = 0; k < pts.length; k += 2) global.push(...toGlobal(f, pts[k] * size, pts[k + 1] * size));
    if (Math.max(r0, r1) > 0.3) paintPolyline(canvas, global, r0 * size, r1 * size, layer);
  };
  const deep = levelProfile(z, 0.27, 0.52, 0.5);
  const pallidus = levelProfile(z, 0.3, 0.46, 0.5);
  const fh = levelProfile(z, 0.33, 0.52, 0.7);
  const body = levelProfile(z, 0.45, 0.65, 0.6);
  const atrium = levelProfile(z, 0.32, 0.56, 0.7);
  const third = levelProfile(z, 0.3, 0.46, 0.7);
  for (const side of [-1, 1]) {
    const a = 1 + side * subject.ventricleAsymmetry;
    if (deep > 0) {
      ellipse(side * 26, -2, 6.5 * dg * deep, 16 * dg * deep, side * -0.15, layers.deepGrey);
      ellipse(side * 11, 9, 9 * dg * deep, 13 * dg * deep, side * 0.2, layers.deepGrey);
      ellipse(side * (12 + 3.5 * vs), -15, 5 * dg * fh, 8 * dg * fh, side * 0.3, layers.deepGrey);
    }
    if (pallidus > 0) ellipse(side * 19.5, 0, 3.5 * dg * pallidus, 9 * dg * pallidus, side * -0.15, layers.globusPallidus);
    const r = vs * a;
    if (fh > 0) {
      const r0 = 2.6 * r * fh;
      const r1 = 4.6 * r * fh;
      line([side * (1.2 + r0), -30, side * (2 + r1 + 2 * vs), -8], r0, r1, layers.csf);
    }
    if (body > 0) {
      const rb = 3.6 * r * body;
      line([side * (1.2 + rb), -26, side * (2.5 + rb), -5, side * (6 + rb), 18, side * (8 + rb), 32], 0.85 * rb, rb, layers.csf);
    }
    if (atrium > 0) line([side * (12 + 2 * vs), 18, side * (16 + 2 * vs), 40], 5.5 * r * atrium, 2 * r * atrium, layers.csf);
  }
  if (third > 0) line([0, -6, 0, 12], 1.2 * (0.5 + 0.5 * vs) * third, 1.2 * (0.5 + 0.5 * vs) * third, layers.csf);
  for (const l of subject.lesions) {
    const dz = (z - l.zc) / l.hz;
    if (Math.abs(dz) >= 1) continue;
    const r = l.radiusMm * Math.sqrt(1 - dz * dz);
    ellipse(l.u, l.v, r * l.elongation, r, l.angle, layers.lesion);
  }
}

/** Flow voids: small round signal voids in sulci (vessels running through the slice). */
function paintFlowVoids(canvas: PhantomCanvas, subject: BrainMriSubject, sulcusPoints: number[], layers: TissueLayers, rng: Rng): void {
  const available = sulcusPoints.length / 2;
  for (let k = 0; k < subject.flowVoids && available > 0; k++) {
    const p = Math.floor(rng() * available);
    const r = uniform(rng, 0.5, 1.5);
    paintEllipse(canvas, { cx: sulcusPoints[2 * p] + uniform(rng, -1, 1), cy: sulcusPoints[2 * p + 1] + uniform(rng, -1, 1), rx: r, ry: r }, layers.vessel);
  }
}
