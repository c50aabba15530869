import { describe, expect, it } from 'vitest';
import { createModelLock } from '../../../src/client/modelLock';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('createModelLock', () => {
  it('runs tasks one at a time, in the order they were queued, whatever each one takes', async () => {
    const lock = createModelLock();
    const log: string[] = [];
    const task = (name: string, ticks: number) => async () => {
      log.push(`${name} starts`);
      for (let i = 0; i < ticks; i++) await tick();
      log.push(`${name} ends`);
      return name;
    };
    const results = await Promise.all([lock.run(task('slow', 5)), lock.run(task('quick', 0)), lock.run(task('middle', 2))]);
    expect(results).toEqual(['slow', 'quick', 'middle']);
    expect(log).toEqual(['slow starts', 'slow ends', 'quick starts', 'quick ends', 'middle starts', 'middle ends']);
  });

  it('moves on after a task fails, and hands the failure to its caller only', async () => {
    const lock = createModelLock();
    const failed = lock.run(async () => {
      await tick();
      throw new Error('no model');
    });
    const next = lock.run(async () => 'next');
    await expect(failed).rejects.toThrow('no model');
    await expect(next).resolves.toBe('next');
  });
});
