import { describe, expect, it } from 'vitest';
import { compareBackends, LOSS_FLOOR, type BackendRunResult, type TaskRunResult } from '../../gpu/compareRuns';

function task(over: Partial<TaskRunResult> = {}): TaskRunResult {
  return {
    task: 'segmentation', model: 'skip', loss: 'dice', trainLosses: [0.8, 0.7], valLosses: [0.75, 0.65], valMetrics: [0.2, 0.3],
    batchLosses: [0.82, 0.78, 0.72, 0.68], predictions: [0.1, 0.5, 0.9], medianStepMs: 10, durationMs: 100, ...over,
  };
}

function run(backend: string, tasks: TaskRunResult[], checks: BackendRunResult['kernelChecks'] = []): BackendRunResult {
  return { backend, ran: true, device: null, fallbackAdapter: null, error: null, setupMs: 0, smokeTestError: null, gpuErrors: [], kernelChecks: checks, tasks };
}

describe('compareBackends', () => {
  it('finds nothing between identical runs', () => {
    const cmp = compareBackends(run('webgl', [task()], [{ name: 'a', values: [1, 2], error: null }]), run('wasm', [task()], [{ name: 'a', values: [1, 2], error: null }]));
    expect(cmp.maxLossRelDiff).toBe(0);
    expect(cmp.maxPredictionAbsDiff).toBe(0);
    expect(cmp.maxKernelRelDiff).toBe(0);
    expect(cmp.finite).toBe(true);
  });

  it('measures loss differences relative to the loss (floored) and prediction differences absolutely', () => {
    const ref = run('wasm', [task()]);
    const off = run('webgpu', [task({ batchLosses: [0.82, 0.78, 0.72, 0.68 * 1.01], predictions: [0.1, 0.52, 0.9] })]);
    const cmp = compareBackends(off, ref);
    expect(cmp.maxLossRelDiff).toBeCloseTo(0.01, 6);
    expect(cmp.maxPredictionAbsDiff).toBeCloseTo(0.02, 6);
    // A loss near zero is compared against the floor, not itself.
    const small = compareBackends(run('webgpu', [task({ valLosses: [0.75, 0.002] })]), run('wasm', [task({ valLosses: [0.75, 0.001] })]));
    expect(small.maxLossRelDiff).toBeCloseTo(0.001 / LOSS_FLOOR, 6);
  });

  it('treats NaN predictions, a missing task and a failed kernel check as failures', () => {
    const ref = run('wasm', [task(), task({ task: 'translation', loss: 'mae' })], [{ name: 'a', values: [1, -4], error: null }]);
    const bad = run('webgpu', [task({ predictions: [0.1, Number.NaN, 0.9] })], [{ name: 'a', values: null, error: 'boom' }]);
    const cmp = compareBackends(bad, ref);
    expect(cmp.tasks[0].finite).toBe(false);
    expect(cmp.tasks[0].maxPredictionAbsDiff).toBe(Infinity);
    expect(cmp.tasks[1].maxLossRelDiff).toBe(Infinity);
    expect(cmp.finite).toBe(false);
    expect(cmp.kernelChecks[0]).toEqual({ name: 'a', relativeError: Infinity, error: 'boom' });
    const scaled = compareBackends(run('webgl', [], [{ name: 'a', values: [1, -4.004], error: null }]), ref);
    expect(scaled.kernelChecks[0].relativeError).toBeCloseTo(0.004 / 4, 9);
  });
});
