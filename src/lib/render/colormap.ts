/** An RGB colour as three 0–255 numbers. */
export type Rgb = readonly [number, number, number];

/**
 * Okabe–Ito colours: distinguishable under the common colour-vision deficiencies.
 * Used for prediction overlays and error maps across the course.
 */
export const PALETTE = {
  truePositive: [0, 158, 115] as Rgb, // bluish green
  falsePositive: [213, 94, 0] as Rgb, // vermillion
  falseNegative: [86, 180, 233] as Rgb, // sky blue
  prediction: [240, 228, 66] as Rgb, // yellow
  truthContour: [0, 114, 178] as Rgb, // blue
  train: [0, 114, 178] as Rgb,
  validation: [213, 94, 0] as Rgb,
} as const;

// Control points sampled from the perceptually uniform "magma"-like ramp we use for absolute
// errors: black → purple → orange → pale yellow. Interpolated linearly between points.
const SEQUENTIAL_STOPS: readonly Rgb[] = [
  [0, 0, 4], [28, 16, 68], [79, 18, 123], [129, 37, 129], [181, 54, 122],
  [229, 80, 100], [251, 135, 97], [254, 194, 135], [252, 253, 191],
];

/** Colour of t ∈ [0, 1] on the sequential error ramp (values outside are clamped). */
export function sequentialColor(t: number): Rgb {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (SEQUENTIAL_STOPS.length - 1);
  const i = Math.min(SEQUENTIAL_STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = SEQUENTIAL_STOPS[i];
  const b = SEQUENTIAL_STOPS[i + 1];
  return [
    Math.round(a[0] + (b[0] - a[0]) * f),
    Math.round(a[1] + (b[1] - a[1]) * f),
    Math.round(a[2] + (b[2] - a[2]) * f),
  ];
}

/** CSS colour string for an RGB triple with an optional alpha. */
export function toCss([r, g, b]: Rgb, alpha = 1): string {
  return alpha >= 1 ? `rgb(${r} ${g} ${b})` : `rgb(${r} ${g} ${b} / ${alpha})`;
}
