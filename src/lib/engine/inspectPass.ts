import { CourseError } from '../errors';
import type { EngineState } from './engineState';

/** The learner stopped a look-inside pass before it finished (not a failure: the views say so quietly). */
export class MeasurementStopped extends CourseError {
  override name = 'MeasurementStopped';
}

/** How far a look-inside pass over a split has got. */
export interface InspectProgress {
  /** What the pass does, in words ("scoring the test slices"). */
  what: string;
  done: number;
  total: number;
}

interface Pass extends InspectProgress {
  controller: AbortController;
}

/** The pass under way per engine: one at a time, since the page sends look-inside requests through its model queue. */
const running = new WeakMap<EngineState, Pass>();

/**
 * Runs one long look-inside pass (a split scored, a split's uncertainty) so that inspectProgress can
 * report it and stopInspect can stop it: `work` gets the signal to check between slices and a
 * callback for each slice done. A stopped pass rejects with MeasurementStopped, whatever it returned.
 */
export async function trackedPass<T>(
  state: EngineState, what: string, total: number,
  work: (pass: { signal: AbortSignal; onSlice: (done: number) => void }) => Promise<T>,
): Promise<T> {
  const pass: Pass = { what, done: 0, total, controller: new AbortController() };
  running.set(state, pass);
  let result: T;
  try {
    result = await work({ signal: pass.controller.signal, onSlice: (done) => { pass.done = done; } });
  } finally {
    if (running.get(state) === pass) running.delete(state);
  }
  if (pass.controller.signal.aborted) {
    throw new MeasurementStopped(`Stopped after ${pass.done} of ${pass.total} slices (${what}).`, 'Nothing was kept: start again when you are ready.');
  }
  return result;
}

/** The pass under way, or null. */
export function inspectProgressOf(state: EngineState): InspectProgress | null {
  const pass = running.get(state);
  return pass ? { what: pass.what, done: pass.done, total: pass.total } : null;
}

/** Stops the pass under way (nothing happens when there is none). */
export function stopInspectOf(state: EngineState): void {
  running.get(state)?.controller.abort();
}
