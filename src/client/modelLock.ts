/**
 * One queue for everything that uses or replaces the engine's current model. The engine holds one
 * model, and several widgets of a page take turns with it: a comparison reads back two kept models
 * in turn, the chooser puts another in place, evaluation and the slice viewer predict with it, a
 * panel's run replaces it. Tasks run one at a time, in the order they were queued, so a sequence
 * such as "restore A, predict, restore B, predict, put the first back" is never cut into.
 */

export interface ModelLock {
  /**
   * Runs `task` once every task queued before it has settled; resolves or rejects as it does. The
   * queue moves on when the task settles, whatever the outcome.
   */
  run<T>(task: () => Promise<T>): Promise<T>;
}

/** Creates an empty queue. */
export function createModelLock(): ModelLock {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const result = tail.then(task);
      // The next task waits for this one to settle, not to succeed.
      tail = result.then(() => undefined, () => undefined);
      return result;
    },
  };
}
