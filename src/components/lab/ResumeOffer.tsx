/**
 * The offer a training panel makes when it finds an unfinished run of its own (the page was closed
 * or reloaded mid-run): what stopped where and when, and Resume / Discard. When the run trained on
 * the learner's own file, the same file has to be loaded again first (its hash is checked). A run
 * still training in another tab is not offered: the panel says where it is instead.
 */
import type { OfferedRun } from './useTrainingRun';

export interface ResumeOfferProps {
  unfinished: OfferedRun;
  /** The run trained on another file than the panel's lesson file (the learner's own). */
  ownFile: boolean;
  onResume: () => void;
  onDiscard: () => void;
}

const when = (iso: string) => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? 'at an unknown time' : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
};

export default function ResumeOffer({ unfinished, ownFile, onResume, onDiscard }: ResumeOfferProps) {
  const n = unfinished.epochsCompleted;
  if (unfinished.liveInAnotherTab) {
    return (
      <div class="training-panel__offer" role="group" aria-label="Unfinished run">
        <p>
          <strong>This run is still training in another tab.</strong>
          {' '}“{unfinished.run.label}” had completed {n} of {unfinished.config.epochs} epochs when this page looked. Follow it in that tab; if that tab is closed before the run ends, you can resume it here.
        </p>
      </div>
    );
  }
  return (
    <div class="training-panel__offer" role="group" aria-label="Unfinished run">
      <p>
        <strong>Training of “{unfinished.run.label}” stopped at epoch {n} of {unfinished.config.epochs} when the page was closed or reloaded, {when(unfinished.savedAt)}.</strong>
        {' '}Its curves, settings and the weights after epoch {n} are kept in this browser.
      </p>
      {ownFile && (
        <p>
          It trained on your file <strong>{unfinished.dataset.name}</strong>: load that same file again in the data explorer before resuming (its contents are checked against the run’s).
        </p>
      )}
      <div class="button-row">
        <button type="button" class="button" onClick={onResume}>Resume from epoch {n}</button>
        <button type="button" class="button button--quiet" onClick={onDiscard}>Discard</button>
      </div>
    </div>
  );
}
