/** Small scalar helpers shared by the phantom generators. */

/** Clamps v to [lo, hi]. */
export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Hermite step: 0 at or below edge0, 1 at or above edge1, smooth in between. */
export function smoothstep(edge0: number, edge1: number, v: number): number {
  const t = clamp((v - edge0) / (edge1 - edge0), 0, 1);
  return t * t * (3 - 2 * t);
}

/** A smooth bump of height 1 at `centre` and half-width `width` (raised cosine), 0 outside. */
export function bump(v: number, centre: number, width: number): number {
  const t = (v - centre) / width;
  return t <= -1 || t >= 1 ? 0 : 0.5 * (1 + Math.cos(Math.PI * t));
}

/** Shortest signed difference between two angles, in (−π, π]. */
export function angleDifference(a: number, b: number): number {
  let d = (a - b) % (2 * Math.PI);
  if (d > Math.PI) d -= 2 * Math.PI;
  if (d <= -Math.PI) d += 2 * Math.PI;
  return d;
}

/** Profile that is 0 outside [z0, z1] and rises as sin^power to 1 in the middle. */
export function levelProfile(z: number, z0: number, z1: number, power = 0.5): number {
  if (z <= z0 || z >= z1) return 0;
  return Math.sin((Math.PI * (z - z0)) / (z1 - z0)) ** power;
}
