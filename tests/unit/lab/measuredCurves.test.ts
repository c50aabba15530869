import { describe, expect, it } from 'vitest';
import { curveLabel, curveSeries, intensityAugmented, type MeasuredCurve } from '../../../src/components/lab/domainShift/measuredCurves';
import { taskShifts } from '../../../src/lib/tasks/domainShifts';
import type { LabRun } from '../../../src/components/lab/page/signals';

const run = (id: string, label: string, extra: Record<string, unknown> = {}) => ({ id, label, config: { task: 'segmentation', ...extra } }) as unknown as LabRun;

describe('the domain-shift curves of a lesson', () => {
  it('says whether a run had intensity augmentation: from its config where it says, else from its label', () => {
    expect(intensityAugmented(run('a', 'Model B', { intensityAugment: { probability: 1 } }))).toBe(true);
    expect(intensityAugmented(run('a', 'Model B, intensity augmentation', { intensityAugment: null }))).toBe(false);
    expect(intensityAugmented(run('a', 'Model B with intensity augmentation'))).toBe(true);
    expect(intensityAugmented(run('a', 'Model B'))).toBe(false);
    const listed = [run('a', 'Model B'), run('b', 'Model B', { intensityAugment: true })];
    expect(curveLabel(listed[1], listed)).toBe('Model B (run 2), intensity augmentation on');
  });

  it('draws one line per model for the shift shown, and marks the shown model’s no-shift point', () => {
    const [noise] = taskShifts('segmentation').shifts;
    const metric = taskShifts('segmentation').metrics[0];
    const curve = (runId: string, kind: MeasuredCurve['kind'], base: number): MeasuredCurve => ({
      runId, label: runId, kind, count: 2, points: noise.strengths.map((s, i) => ({ strength: s, metrics: { meanHardDice: base - i / 100 } })),
    });
    const series = curveSeries([curve('a', 'noise', 0.9), curve('b', 'noise', 0.8), curve('a', 'blur', 0.5)], noise, metric, 'b');
    expect(series.map((s) => s.label)).toEqual(['a', 'b', 'No shift (the test evaluation)']);
    expect(series[0].points).toHaveLength(noise.strengths.length);
    expect(series[2].points).toEqual([{ x: 0, y: 0.8 }]);
    expect(curveSeries([], noise, metric, 'b')).toEqual([]);
  });
});
