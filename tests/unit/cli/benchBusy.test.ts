import { describe, expect, it } from 'vitest';
import {
  BUSY_LOAD_SHARE, BUSY_TORCH_SHARE, busyVerdict, createLoadTracker, ownLoadAfter, QUIET_TORCH_MS, quietMedian, treeCpuSeconds, type BlockConditions,
} from '../../../scripts/benchBusy';
import { stepGflop } from '../../../scripts/benchCore';

const QUIET_128 = stepGflop(128, 16) / QUIET_TORCH_MS[128] * 1000;
const quiet: BlockConditions = { cores: 2, loadBefore: 0.3, loadAfter: 1.2, ownBefore: 0.1, ownAfter: 1.0, torchGflops: QUIET_128, quietTorchGflops: QUIET_128 };

describe('busyVerdict', () => {
  it('takes a block as a result when other processes left the cores alone and PyTorch ran at its quiet speed', () => {
    expect(QUIET_128).toBeCloseTo(52.9, 1);
    expect(busyVerdict(quiet)).toEqual({ busy: false, reasons: [] });
    // The bench's own threads raise the load average; that alone is not busy.
    expect(busyVerdict({ ...quiet, loadAfter: 2.4, ownAfter: 1.8 }).busy).toBe(false);
  });

  it('says busy when other processes\' load reaches half the cores at either end', () => {
    const limit = BUSY_LOAD_SHARE * 2;
    const atStart = busyVerdict({ ...quiet, loadBefore: limit + 0.1, ownBefore: 0.1 });
    expect(atStart.busy).toBe(true);
    expect(atStart.reasons).toEqual([expect.stringMatching(/^load from other processes 1\.0 at the start on 2 cores/)]);
    const atEnd = busyVerdict({ ...quiet, loadAfter: 3.5, ownAfter: 1.5 });
    expect(atEnd.reasons).toEqual([expect.stringMatching(/^load from other processes 2\.0 at the end/)]);
    expect(busyVerdict({ ...quiet, loadBefore: limit - 0.05 + quiet.ownBefore }).busy).toBe(false);
    // Eight cores tolerate more.
    expect(busyVerdict({ ...quiet, cores: 8, loadBefore: 3.5 }).busy).toBe(false);
  });

  it('says busy when PyTorch fell below its share of the quiet figure, and not when no quiet figure is known', () => {
    const slow = busyVerdict({ ...quiet, torchGflops: (BUSY_TORCH_SHARE - 0.01) * QUIET_128 });
    expect(slow.busy).toBe(true);
    expect(slow.reasons[0]).toMatch(/^PyTorch at \d+\.\d GFLOP\/s, 79 % of its quiet 52\.9$/);
    expect(busyVerdict({ ...quiet, torchGflops: 0.85 * QUIET_128 }).busy).toBe(false);
    expect(busyVerdict({ ...quiet, torchGflops: 5, quietTorchGflops: null }).busy).toBe(false);
    expect(busyVerdict({ ...quiet, torchGflops: null }).busy).toBe(false);
    // Both witnesses at once give both reasons.
    expect(busyVerdict({ ...quiet, loadBefore: 4, torchGflops: 10 }).reasons).toHaveLength(2);
  });
});

describe('quietMedian', () => {
  it('leaves busy blocks out of the median and counts them', () => {
    expect(quietMedian([{ ratio: 1.8, busy: true }, { ratio: 0.9, busy: false }, { ratio: 0.8, busy: false }, { ratio: 1.0, busy: false }]))
      .toEqual({ median: 0.9, min: 0.8, max: 1.0, used: 3, leftOut: 1 });
    expect(quietMedian([{ ratio: 0.8, busy: false }, { ratio: 1.0, busy: false }]).median).toBeCloseTo(0.9, 9);
    expect(quietMedian([{ ratio: 1.5, busy: true }])).toEqual({ median: null, min: null, max: null, used: 0, leftOut: 1 });
  });
});

describe('ownLoadAfter and createLoadTracker', () => {
  it('averages the bench\'s busy threads as the kernel averages the load (one-minute time constant)', () => {
    expect(ownLoadAfter(0, 2, 60)).toBeCloseTo(2 * (1 - Math.exp(-1)), 9);
    expect(ownLoadAfter(1.5, 0, 60)).toBeCloseTo(1.5 * Math.exp(-1), 9);
    expect(ownLoadAfter(0.7, 2, 0)).toBe(0.7);
  });

  it('follows the CPU time the bench\'s processes used between samples', () => {
    let cpu = 0;
    let ms = 0;
    let load = 0.2;
    const tracker = createLoadTracker({ loadNow: () => load, cpuNow: () => cpu, nowMs: () => ms });
    cpu = 60; ms = 30_000; load = 1.0; // two busy threads for 30 s
    const s = tracker.sample();
    expect(s.own).toBeCloseTo(ownLoadAfter(0, 2, 30), 9);
    expect(s).toMatchObject({ load: 1.0, ownKnown: true });
    // Without /proc the bench cannot tell its own load apart: the rule judges the raw figure.
    const blind = createLoadTracker({ loadNow: () => 1.4, cpuNow: () => null });
    expect(blind.sample()).toEqual({ load: 1.4, own: 0, ownKnown: false });
  });

  it('reads this process\'s CPU time from /proc on Linux', () => {
    const seconds = treeCpuSeconds();
    if (process.platform !== 'linux') return expect(seconds).toBeNull();
    expect(seconds).toBeGreaterThan(0);
    // It counts this process at least (process.cpuUsage in microseconds), to a clock tick or two.
    const own = (process.cpuUsage().user + process.cpuUsage().system) / 1e6;
    expect(seconds!).toBeGreaterThanOrEqual(own - 0.05);
  });
});
