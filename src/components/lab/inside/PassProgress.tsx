import { useEffect, useState } from 'preact/hooks';
import type { InspectProgress } from '../../../lib/engine/protocol';
import type { ErrorInfo } from '../../../lib/errors';
import { getClient } from '../page/engineStart';
import './inside.css';

/** How often a running pass's progress is asked for. */
const PROGRESS_MS = 400;

/** True for the rejection of a pass the learner stopped: a note, not an error. */
export const wasStopped = (error: ErrorInfo): boolean => error.name === 'MeasurementStopped';

/**
 * While `active`, the engine's look-inside pass over a split (scoring it with a knock-out, measuring its
 * spread) with a progress bar and a Stop button: on a software GPU these passes take minutes, and a
 * button that only says "Opening…" reads as a hang. Shows nothing for a pass too short to report.
 */
export default function PassProgress({ active }: { active: boolean }) {
  const [progress, setProgress] = useState<InspectProgress | null>(null);
  useEffect(() => {
    if (!active) return;
    let live = true;
    const timer = setInterval(() => {
      getClient().inspectProgress({}).then((p) => { if (live) setProgress(p); }, () => undefined);
    }, PROGRESS_MS);
    return () => { live = false; clearInterval(timer); setProgress(null); };
  }, [active]);
  if (!active || !progress) return null;
  const what = progress.what.charAt(0).toUpperCase() + progress.what.slice(1);
  return (
    <div class="inside__progress">
      <label class="field">
        <span>{what}: {progress.done} of {progress.total}</span>
        <progress max={progress.total} value={progress.done} />
      </label>
      <button type="button" class="button button--quiet" onClick={() => { void getClient().stopInspect({}).catch(() => undefined); }}>Stop</button>
    </div>
  );
}
