import { describe, expect, it } from 'vitest';
import { formatTransferTable, gainOverLut, meanBySet, transferRecord, transferRow } from '../../../scripts/transferTable';

describe('transfer bench table', () => {
  it('reads hard Dice and the mean 3-D Dice of segmentation eval metrics', () => {
    const row = transferRow('segmentation', { seed: 2, set: 'hospital-b', metrics: { meanHardDice: 0.9, perVolume: { volumes: [{ dice: 0.8 }, { dice: 0.6 }] } } });
    expect(row).toEqual({ seed: 2, set: 'hospital-b', hardDice: 0.9, dice3d: 0.7 });
    expect(transferRow('segmentation', { seed: 2, set: 'course', metrics: { meanHardDice: 0.5 } })).toEqual({ seed: 2, set: 'course', hardDice: 0.5 });
  });

  it('gives translation the network, the lookup table and the gain over it', () => {
    expect(gainOverLut(0.075, 0.1)).toBeCloseTo(25, 10);
    const row = transferRow('translation', { seed: 1, set: 'course', metrics: { maeInHead: 0.06, pearsonInHead: 0.9, ssim: 0.7 }, lut: { maeInHead: 0.08, pearsonInHead: 0.6 } });
    expect(row.gainPct).toBeCloseTo(25, 10);
    expect(row.lutPearsonInHead).toBe(0.6);
    expect(transferRow('translation', { seed: 1, set: 'x', metrics: { maeInHead: null } }).maeInHead).toBeUndefined();
  });

  it('averages per set over the seeds that have a number, and prints one line per row and per mean', () => {
    const rows = [
      { seed: 1, set: 'course', hardDice: 0.9 },
      { seed: 1, set: 'hospital-b', hardDice: 0.7, dice3d: 0.6 },
      { seed: 2, set: 'course', hardDice: 0.8 },
      { seed: 2, set: 'hospital-b', hardDice: 0.5 },
    ];
    const means = meanBySet(rows);
    expect(means.map((m) => m.set)).toEqual(['course', 'hospital-b']);
    expect(means[0].hardDice).toBeCloseTo(0.85, 10);
    expect(means[1]).toMatchObject({ seeds: 2, dice3d: 0.6 });
    const lines = formatTransferTable('segmentation', rows);
    expect(lines).toHaveLength(1 + 4 + 2);
    expect(lines[2]).toMatch(/^1\s+hospital-b\s+0\.7000\s+0\.6000$/);
    expect(lines[4]).toMatch(/–$/);
    expect(lines[6]).toMatch(/^mean\s+hospital-b\s+0\.6000/);
  });

  it('records the load average, the sets and the means in the JSON', () => {
    const record = transferRecord({
      lesson: 'segmentation', seeds: [1], sets: { course: 'c.h5' }, trainArgs: ['--seed', 'S'], rows: [{ seed: 1, set: 'course', hardDice: 0.9 }],
      loadAverage: { before: [1, 2, 3], after: [2, 2, 3] }, cpus: 2, startedAt: 't', wallTimeMs: 5,
    });
    expect(record.loadAverage).toEqual({ before: [1, 2, 3], after: [2, 2, 3] });
    expect(record.trainCommand).toBe('npm run train -- --data c.h5 --defaults --seed S');
    expect(record.means).toEqual([{ set: 'course', seeds: 1, hardDice: 0.9 }]);
  });
});
