import type { PauseController } from './types';

/** Creates a controller that pauses and resumes a run at batch boundaries; plain JS, no tensors. */
export function createPauseController(): PauseController {
  let paused = false;
  let waiters: Array<() => void> = [];
  const release = () => {
    const pending = waiters;
    waiters = [];
    for (const wake of pending) wake();
  };
  return {
    get paused() {
      return paused;
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      release();
    },
    waitWhilePaused(signal?: AbortSignal): Promise<void> {
      if (!paused || signal?.aborted) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = () => {
          signal?.removeEventListener('abort', done);
          resolve();
        };
        waiters.push(done);
        signal?.addEventListener('abort', done, { once: true });
      });
    },
  };
}
