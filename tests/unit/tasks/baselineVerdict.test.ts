import { describe, expect, it } from 'vitest';
import { baselineVerdict, compareMetrics, taskDescriptor, type TaskMetrics } from '../../../src/lib/tasks';

const spec = taskDescriptor('translation').baseline!;
const metrics = (m: Record<string, number>) => ({ task: 'translation', count: 4, ...m }) as TaskMetrics;

describe('whether a run has beaten its task\'s baseline', () => {
  it('compares the metrics the task names, each in its direction, skipping what either cannot score', () => {
    const run = metrics({ mae: 0.03, maeInHead: 0.09, psnr: 28, ssim: Number.NaN });
    const table = metrics({ mae: 0.04, maeInHead: 0.08, psnr: 27, ssim: 0.7 });
    const compared = compareMetrics(spec, run, table);
    expect(compared.map((c) => c.key)).toEqual(['mae', 'maeInHead', 'psnr']);
    const verdict = baselineVerdict(spec, 'the test slices', compared);
    expect(verdict.beaten).toBe(false);
    expect(verdict.lost.map((c) => c.key)).toEqual(['maeInHead']);
    expect(verdict.sentence).toBe(
      'This run has not beaten the lookup table T1 → T2 on 1 of 3 metrics on the test slices: MAE inside the head 0.0900 against its 0.0800 (lower is better). ' +
      `The network is not yet worth its training time here; try ${spec.advice}.`,
    );
  });

  it('counts a higher-is-better metric as lost when it is lower, and stays quiet when every metric won', () => {
    const lostPsnr = baselineVerdict(spec, 'x', compareMetrics(spec, metrics({ psnr: 20 }), metrics({ psnr: 25 })));
    expect(lostPsnr.sentence).toContain('PSNR (dB) 20.00 against its 25.00 (higher is better)');
    const won = baselineVerdict(spec, 'x', compareMetrics(spec, metrics({ mae: 0.01, psnr: 30 }), metrics({ mae: 0.02, psnr: 25 })));
    expect(won).toEqual({ beaten: true, lost: [], sentence: null });
    // A tie has not beaten it; nothing to compare is no verdict.
    expect(baselineVerdict(spec, 'x', compareMetrics(spec, metrics({ mae: 0.02 }), metrics({ mae: 0.02 }))).beaten).toBe(false);
    expect(baselineVerdict(spec, 'x', [])).toEqual({ beaten: false, lost: [], sentence: null });
  });

  it('is data of the task: a task without a baseline has nothing to compare', () => {
    expect(taskDescriptor('segmentation').baseline).toBeNull();
    expect(spec.compared.every((m) => m.direction === 'lower' || m.direction === 'higher')).toBe(true);
  });
});
