import { SettingsError } from '../errors';
import type { SplitArrays, SplitName } from '../data/types';
import { unitsOfDataset } from '../data/inputUnits';
import { evaluate } from '../train/evaluate';
import { taskDescriptor } from '../tasks';
import { shiftSpec, taskShifts } from '../tasks/domainShifts';
import type { EngineApi } from './protocol';
import type { EngineState } from './engineState';
import type { ShiftExample } from './shiftProtocol';
import { inputSize, predictSlices } from './modelRequests';
import { assertIndices, splitOf } from './sliceArrays';
import { prepareSlices, shiftStoredSlices } from './shiftSlices';

/** At most this many strengths per request. */
const MAX_STRENGTHS = 12;

/** The index of the slice whose target is largest (most lung, most head): the example shown first. */
function largestTarget(split: SplitArrays, pixels: number): number {
  let best = 0;
  let bestSum = Number.NEGATIVE_INFINITY;
  for (let s = 0; s < split.count; s++) {
    let sum = 0;
    for (let i = s * pixels; i < (s + 1) * pixels; i++) sum += Math.abs(split.y[i]);
    if (sum > bestSum) [best, bestSum] = [s, sum];
  }
  return best;
}

/**
 * The domain-shift request: the file's stored slices of a split are changed as another scanner would store
 * them (in the file's own units, before the model's normalisation), then prepared and scored exactly as the
 * evaluation prepares and scores them, one point per strength; plus one example slice.
 */
export function shiftCurveMethods(state: EngineState): Pick<EngineApi, 'shiftCurve'> {
  return {
    async shiftCurve({ kind, strengths, split: asked, example, batchSize, seed = 1 }) {
      state.requireIdle('measure a domain shift');
      const model = state.requireModel();
      const { height, width } = inputSize(model);
      const { prepared, task } = state.requireData();
      const { stored } = prepared;
      shiftSpec(task, kind, unitsOfDataset(stored).units === 'HU');
      if (!Array.isArray(strengths) || strengths.length > MAX_STRENGTHS) {
        throw new SettingsError(`Expected a list of at most ${MAX_STRENGTHS} strengths, but got ${Array.isArray(strengths) ? strengths.length : String(strengths)}.`, 'Measure fewer strengths per request.');
      }
      // The data the evaluation scores (the model's own normalisation, statistics filled in), and that normalisation.
      const clean = prepared.forModel(height, width, state.modelInput?.normalization);
      const normalization = prepared.normalizationOfLastRun() ?? { kind: 'zscore-slice' as const };
      const split: SplitName = asked ?? (clean.test && clean.test.count > 0 ? 'test' : 'val');
      const storedSplit = splitOf(stored, split);
      const cleanSplit = splitOf(clean, split);
      const all = Array.from({ length: storedSplit.count }, (_, i) => i);
      const size = { height: stored.height, width: stored.width };
      const pixels = height * width;
      const metricKeys = taskShifts(task).metrics.map((m) => m.key);
      const points = [];
      for (const strength of strengths) {
        const x = shiftStoredSlices(storedSplit, all, size, { kind, strength, seed });
        const arrays = prepareSlices(stored, { x, y: storedSplit.y, count: storedSplit.count }, normalization, height, width);
        const evaluator = taskDescriptor(task).createEvaluator({ height, width, count: arrays.count });
        // The task judges on the unshifted inputs (translation's head mask stays the same head); the model sees the shifted ones.
        const judged = {
          add: (b: Parameters<typeof evaluator.add>[0]) => evaluator.add({ ...b, input: cleanSplit.x.subarray(b.start * pixels, (b.start + b.count) * pixels) }),
          result: () => evaluator.result(),
        };
        const metrics = (await evaluate(model, arrays, judged, { height, width, batchSize: batchSize ?? 16 })) as unknown as Record<string, unknown>;
        const values = Object.fromEntries(metricKeys.flatMap((key) => (typeof metrics[key] === 'number' && Number.isFinite(metrics[key]) ? [[key, metrics[key] as number]] : [])));
        points.push({ strength, metrics: values });
      }
      let shown: ShiftExample | null = null;
      if (example) {
        const index = example.index ?? largestTarget(cleanSplit, pixels);
        assertIndices(split, [index], storedSplit.count);
        const storedPixels = stored.height * stored.width;
        const one = { x: shiftStoredSlices(storedSplit, [index], size, { kind, strength: example.strength, seed }), y: storedSplit.y.slice(index * storedPixels, (index + 1) * storedPixels), count: 1 };
        const forModel = prepareSlices(stored, one, normalization, height, width);
        const inFileUnits = prepareSlices(stored, one, { kind: 'none' }, height, width);
        const before = prepareSlices(stored, { x: storedSplit.x.slice(index * storedPixels, (index + 1) * storedPixels), y: one.y, count: 1 }, { kind: 'none' }, height, width);
        const out = await predictSlices(model, forModel, [0], height, width);
        shown = { index, strength: example.strength, height, width, before: before.x, after: inFileUnits.x, target: out.targets, prediction: out.predictions };
      }
      return { kind, split, count: storedSplit.count, points, example: shown };
    },
  };
}
