import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { TrainingError } from '../../../src/lib/errors';
import { DeviceLostError, deviceLostError, lostWithin, watchDevice } from '../../../src/lib/train/deviceLoss';

// Losing a real device is tested in Chromium (tests/e2e/backends.spec.ts); here, the parts that need none.

describe('watchDevice', () => {
  it('never reports a loss on the CPU backends, and its promise stays pending', async () => {
    await tf.setBackend('cpu');
    const watch = watchDevice('cpu');
    const settled = await Promise.race([watch.whenLost.then(() => 'lost'), new Promise((r) => setTimeout(() => r('pending'), 20))]);
    expect(settled).toBe('pending');
    expect(watch.lost).toBeNull();
    watch.dispose();
  });
});

describe('deviceLostError', () => {
  it('counts a failure as the device’s loss when the loss reports within the grace time, and never waits without a device', async () => {
    let report: (what: string) => void = () => {};
    const late = { lost: null, whenLost: new Promise<string>((resolve) => (report = resolve)), watching: true, dispose() {} };
    setTimeout(() => report('the WebGPU device was lost (destroyed)'), 10);
    expect(await lostWithin(late, 2000)).toBe('the WebGPU device was lost (destroyed)');
    const quiet = { lost: null, whenLost: new Promise<string>(() => {}), watching: true, dispose() {} };
    expect(await lostWithin(quiet, 20)).toBeNull();
    const start = Date.now();
    expect(await lostWithin(watchDevice('cpu'), 10_000)).toBeNull();
    expect(Date.now() - start).toBeLessThan(1000);
  });

  it('says what was lost, how far the run got and what to do', () => {
    const error = deviceLostError('the WebGL context was lost', 'webgl', 3, true);
    expect(error).toBeInstanceOf(DeviceLostError);
    expect(error).toBeInstanceOf(TrainingError);
    expect(error.name).toBe('DeviceLostError');
    expect(error.epochsCompleted).toBe(3);
    expect(error.message).toBe('Training on webgl stopped: the WebGL context was lost (the browser or the graphics driver took the GPU away). 3 epochs had finished and the last one is saved.');
    expect(error.hint).toMatch(/continue from the saved epoch/);
    const early = deviceLostError('the WebGPU device was lost (unknown)', 'webgpu', 0, true);
    expect(early.message).toContain('No epoch had finished yet.');
    expect(early.hint).toMatch(/train again/);
    expect(deviceLostError('x', 'webgl', 2, false).message).toContain('2 epochs had finished.');
  });
});
