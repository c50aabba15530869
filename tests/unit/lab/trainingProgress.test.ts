import { describe, expect, it } from 'vitest';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import TrainingProgress from '../../../src/components/lab/TrainingProgress';
import { checkpointNoticeFor, preparingRun, reduceRunEvent } from '../../../src/components/lab/runEvents';
import { METRICS } from '../../../src/lib/tasks';
import { createRunConfig } from '../../../src/lib/tasks';
import type { TrainingEvent } from '../../../src/lib/train/types';

// The panel's progress block shows the failed-checkpoint notice for as long as it applies.
const config = createRunConfig('segmentation', { epochs: 3 });
const context = { metric: METRICS.hardDice, config };
const runStart: TrainingEvent = { type: 'run-start', backend: 'wasm', paramCount: 10, config, stepsPerEpoch: 2, trainCount: 4, valCount: 2, startEpoch: 0 };

function liveAfter(events: TrainingEvent[]) {
  let view = preparingRun(3);
  for (const event of events) view = reduceRunEvent(view, event, context).view;
  return view.live;
}

describe('TrainingProgress', () => {
  it('shows why a run cannot be resumed after its checkpoint failed, and nothing of the kind otherwise', () => {
    const plain = renderToString(h(TrainingProgress, { live: liveAfter([runStart]), idPrefix: 'p' }));
    expect(plain).toContain('Epoch 1 of 3');
    expect(plain).not.toContain('cannot be resumed');
    const failed = liveAfter([runStart, { type: 'checkpoint-failed', epoch: 0, key: 'p', errorName: 'QuotaExceededError', message: 'full' }]);
    const html = renderToString(h(TrainingProgress, { live: failed, idPrefix: 'p' }));
    expect(html).toContain(`<p class="widget__note">${checkpointNoticeFor('QuotaExceededError')}</p>`);
  });
});
