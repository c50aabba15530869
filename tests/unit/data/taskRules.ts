import type { Task } from '../../../src/lib/data/types';
import type { DatasetRules } from '../../../src/lib/data/validateDataset';
import { allTasks } from '../../../src/lib/tasks';

/** Every registered task's dataset rules by name: what the engine passes to inspectDataset. */
export function allTaskRules(): Record<Task, DatasetRules> {
  return Object.fromEntries(allTasks().map((t) => [t.task, t.data]));
}
