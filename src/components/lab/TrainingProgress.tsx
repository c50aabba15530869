/**
 * Progress of a run: a bar over all batches of all epochs and a line with the epoch (from 1),
 * the batch and the time left once the first batches are timed (with the step time measured so far), and a notice while the run's
 * progress cannot be saved for a reload. Not a live region: the panel announces once per epoch
 * (and the notice once) instead.
 */
import { formatDuration } from '../../lib/format';
import { formatStepTime } from '../../lib/plan/stepEstimate';
import type { LiveProgress } from './useTrainingRun';

const PHASE_NOTES: Partial<Record<LiveProgress['phase'], string>> = {
  pausing: 'Pausing after this batch…',
  paused: 'Paused.',
  resuming: 'Resuming…',
  stopping: 'Stopping after this batch…',
};

export default function TrainingProgress({ live, idPrefix }: { live: LiveProgress; idPrefix: string }) {
  if (live.phase === 'preparing') {
    return (
      <div class="progress">
        <progress aria-labelledby={`${idPrefix}-progress-text`} />
        <p class="progress__text" id={`${idPrefix}-progress-text`}>{live.message}</p>
      </div>
    );
  }
  const total = Math.max(1, live.epochs * live.stepsPerEpoch);
  const done = Math.min(total, live.epoch * live.stepsPerEpoch + live.batch);
  const epochShown = Math.min(live.epochs, live.epoch + 1);
  // From this run's own steps (the warm-up one left out), validation passes included.
  const step = live.msPerStep === null ? '' : ` (${formatStepTime(live.msPerStep)} per step here)`;
  const eta = live.etaMs === null ? 'time left: estimating after the first batches' : `about ${formatDuration(live.etaMs)} left${step}`;
  const note = PHASE_NOTES[live.phase];
  return (
    <div class="progress">
      <progress max={total} value={done} aria-labelledby={`${idPrefix}-progress-text`} />
      <p class="progress__text" id={`${idPrefix}-progress-text`}>
        Epoch {epochShown} of {live.epochs} · batch {Math.min(live.batch, live.stepsPerEpoch)} of {live.stepsPerEpoch} · {eta}
        {note && <> · <strong>{note}</strong></>}
      </p>
      {live.checkpointNotice && <p class="widget__note">{live.checkpointNotice}</p>}
    </div>
  );
}
