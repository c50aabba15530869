import { describe, expect, it } from 'vitest';
import { createRunConfig, lossNameOf, taskDescriptor } from '../../../src/lib/tasks';

describe('run configuration defaults', () => {
  it('fills lesson defaults per task', () => {
    const seg = createRunConfig('segmentation');
    expect(seg).toMatchObject({ model: 'skip', batchSize: 32, optimizer: { kind: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: true, clipNorm: 0.5 } });
    expect(lossNameOf(seg)).toBe('dice');
    const tr = createRunConfig('translation', { epochs: 2 });
    expect(tr).toMatchObject({ batchSize: 16, epochs: 2, optimizer: { kind: 'adam', learningRate: 1e-3, epsilon: 1e-7 } });
    expect(lossNameOf(tr)).toBe('mae');
  });

  it("copies the task's optimiser, so a run that edits its own leaves the lesson default alone", () => {
    const seg = createRunConfig('segmentation');
    seg.optimizer.learningRate = 1;
    expect(taskDescriptor('segmentation').defaultOptimizer.learningRate).toBe(0.05);
    expect(createRunConfig('segmentation').optimizer.learningRate).toBe(0.05);
  });

  it('refuses a task nobody registered', () => {
    expect(() => createRunConfig('classification')).toThrow(/Expected task 'segmentation' or 'translation', but got "classification"/);
  });
});
