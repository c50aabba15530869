import { ShapeError } from '../errors';
import type { AxisGeometry, LayerGeometry } from './layerGeometry';

/** Per output index along one axis, the first and last input index that can influence it (inclusive; -1 when none). */
export interface AxisIntervals {
  start: Int32Array;
  end: Int32Array;
}

/** Inputs [lo, hi] of one layer that outputs [a, b] read, before clipping to the input. */
function inputInterval(g: AxisGeometry, a: number, b: number): [number, number] {
  if (!g.transposed) return [a * g.stride - g.before, b * g.stride - g.before + g.span - 1];
  // Input i writes [i·s − before, i·s − before + span − 1]: the inputs that reach output o.
  return [Math.ceil((a + g.before - g.span + 1) / g.stride), Math.floor((b + g.before) / g.stride)];
}

/**
 * The theoretical receptive field along one axis (0: rows, 1: columns) of every output index of a model
 * given as its layers' geometry (topological order, the model's input first, its output last): each
 * layer widens the interval by (span − 1)·jump and multiplies the jump by its stride, the closed form of
 * Araujo et al. (2019), here carried as intervals so padding, cropping and transposed convolutions keep
 * their offsets. Where paths join (skips, concatenations) the fields are united; the paths' intervals
 * around one output overlap, so their union is their hull. Every interval is clipped to the layer's
 * input: zero padding carries no input. Pure; new arrays.
 */
export function receptiveIntervals(layers: readonly LayerGeometry[], axis: 0 | 1): AxisIntervals {
  const input = layers[0];
  const output = layers.at(-1);
  if (!input || !output || input.axes !== null || output.axes === null) {
    throw new ShapeError('Expected the layers of a model: its input first, its output last.', 'Pass layerGeometryOf(model).');
  }
  const index = new Map(layers.map((l, i) => [l.name, i]));
  const outSize = output.axes[axis].outSize;
  const start = new Int32Array(outSize).fill(-1);
  const end = new Int32Array(outSize).fill(-1);
  const lo = new Float64Array(layers.length);
  const hi = new Float64Array(layers.length);
  for (let o = 0; o < outSize; o++) {
    lo.fill(Infinity);
    hi.fill(-Infinity);
    lo[layers.length - 1] = o;
    hi[layers.length - 1] = o;
    for (let l = layers.length - 1; l > 0; l--) {
      const { axes, inputs } = layers[l];
      if (!axes || lo[l] > hi[l]) continue;
      const g = axes[axis];
      const [a, b] = inputInterval(g, lo[l], hi[l]);
      const from = Math.max(a, 0);
      const to = Math.min(b, g.inSize - 1);
      if (from > to) continue;
      for (const name of inputs) {
        const k = index.get(name);
        if (k === undefined || k >= l) throw new ShapeError(`Layer ${layers[l].name} reads ${name}, which does not come before it.`, 'Pass the layers in topological order.');
        lo[k] = Math.min(lo[k], from);
        hi[k] = Math.max(hi[k], to);
      }
    }
    if (lo[0] <= hi[0]) {
      start[o] = lo[0];
      end[o] = hi[0];
    }
  }
  return { start, end };
}

/** The theoretical receptive field of output pixel (row, column) as an inclusive box on the input; null when none. */
export function receptiveBox(layers: readonly LayerGeometry[], pixel: { row: number; column: number }): { top: number; bottom: number; left: number; right: number } | null {
  const rows = receptiveIntervals(layers, 0);
  const columns = receptiveIntervals(layers, 1);
  const top = rows.start[pixel.row];
  const left = columns.start[pixel.column];
  if (top === undefined || left === undefined || top < 0 || left < 0) return null;
  return { top, bottom: rows.end[pixel.row], left, right: columns.end[pixel.column] };
}
