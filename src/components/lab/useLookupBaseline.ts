/**
 * The task's baseline (a T1 → T2 lookup table for translation), fitted in the engine on the loaded
 * training split at a given size and cached per dataset and size. Null while it is computed, when
 * the task has none, or before the data has loaded.
 */
import { useEffect, useState } from 'preact/hooks';
import type { DatasetSummary, LookupBaseline } from '../../lib/engine/protocol';
import type { Task } from '../../lib/data/types';
import { taskDescriptor } from '../../lib/tasks';
import { getClient } from './page/engineStart';
import { dataset, type DatasetState } from './page/signals';
import { usePageSignal } from './useHydrated';

const cache = new WeakMap<DatasetSummary, Map<number, Promise<LookupBaseline>>>();

function baselineOf(summary: DatasetSummary, size: number): Promise<LookupBaseline> {
  let bySize = cache.get(summary);
  if (!bySize) cache.set(summary, (bySize = new Map()));
  let pending = bySize.get(size);
  if (!pending) {
    pending = getClient().lookupBaseline({ height: size, width: size });
    pending.catch(() => bySize.delete(size));
    bySize.set(size, pending);
  }
  return pending;
}

export function useLookupBaseline(task: Task, size: number | null): LookupBaseline | null {
  const state = usePageSignal<DatasetState>(dataset, { state: 'idle' });
  const summary = state.state === 'ready' ? state.summary : null;
  const descriptor = taskDescriptor(task);
  // Only for data of this task (a learner's file of another task has no such baseline).
  const wanted = descriptor.baseline !== null && summary !== null && taskDescriptor(summary.task) === descriptor && size !== null;
  const [result, setResult] = useState<LookupBaseline | null>(null);
  useEffect(() => {
    if (!wanted || !summary || size === null) {
      setResult(null);
      return;
    }
    let stale = false;
    setResult(null);
    baselineOf(summary, size).then((b) => { if (!stale) setResult(b); }, () => undefined);
    return () => { stale = true; };
  }, [wanted, summary, size]);
  return result;
}
