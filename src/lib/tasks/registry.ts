/**
 * The task registry: every task the course knows, by name. The built-in tasks register themselves
 * in ./index; a task kept elsewhere (a course's own, or one that exists only in the tests) calls
 * registerTask once before it is used. Everything else looks a task up here instead of comparing
 * names.
 */
import type { Task } from '../data/types';
import { SettingsError } from '../errors';
import type { TaskDescriptor } from './types';

const tasks = new Map<Task, TaskDescriptor>();

/** Adds a task under its own name. Registering the same descriptor again is harmless; another one under a taken name is an error. */
export function registerTask(descriptor: TaskDescriptor): void {
  const known = tasks.get(descriptor.task);
  if (known && known !== descriptor) throw new SettingsError(`A different task named '${descriptor.task}' is already registered.`, 'Give the new task a name of its own.');
  if (!descriptor.losses.includes(descriptor.defaultLoss)) {
    throw new SettingsError(`The task '${descriptor.task}' offers ${descriptor.losses.join(', ')}, but its default loss is '${descriptor.defaultLoss}'.`, 'List the default loss among the losses (first).');
  }
  tasks.set(descriptor.task, descriptor);
}

/** Task names, in the order they were registered. */
export function taskNames(): Task[] {
  return [...tasks.keys()];
}

/** Every registered task's descriptor, in registration order. */
export function allTasks(): TaskDescriptor[] {
  return [...tasks.values()];
}

/** Whether `value` names a registered task. */
export function isTask(value: unknown): value is Task {
  return typeof value === 'string' && tasks.has(value);
}

/** The descriptor of a task; a SettingsError naming the known tasks for anything else. */
export function taskDescriptor(task: Task): TaskDescriptor {
  const descriptor = isTask(task) ? tasks.get(task) : undefined;
  if (!descriptor) {
    throw new SettingsError(`Expected task ${taskNames().map((t) => `'${t}'`).join(' or ')}, but got ${JSON.stringify(task)}.`, 'Name one of the course tasks in the run configuration.');
  }
  return descriptor;
}

/** Each registered task's dataset rules, by name: what `inspectDataset` checks a file against. */
export function datasetRulesByTask(): Record<Task, TaskDescriptor['data']> {
  return Object.fromEntries(allTasks().map((t) => [t.task, t.data]));
}
