/** The course's tasks as data (see ./types): look a task up instead of branching on its name. */
import type { Task } from '../data/types';
import { SettingsError } from '../errors';
import { segmentation } from './segmentation';
import { translation } from './translation';
import type { TaskDescriptor } from './types';

/** Every task the course knows, by name. A new task is one more entry here (and its lesson). */
export const TASKS: Readonly<Record<Task, TaskDescriptor>> = { segmentation, translation };

/** Task names, in the order above. */
export const TASK_NAMES = Object.keys(TASKS) as Task[];

/** Whether `value` names a known task. */
export function isTask(value: unknown): value is Task {
  return typeof value === 'string' && Object.hasOwn(TASKS, value);
}

/** The descriptor of a task; a SettingsError naming the known tasks for anything else. */
export function taskDescriptor(task: Task): TaskDescriptor {
  if (!isTask(task)) {
    throw new SettingsError(`Expected task ${TASK_NAMES.map((t) => `'${t}'`).join(' or ')}, but got ${JSON.stringify(task)}.`, 'Name one of the course tasks in the run configuration.');
  }
  return TASKS[task];
}

export * from './types';
export { METRICS, metricSpec, formatMetric, formatValue, isBetter } from './metrics';
export { typicalSliceIndex } from './typicalSlice';
export { DIFFERENCE_SCALE_MAX } from './translation';
