/** npm run train -- --summary: the engine's summary of a lesson model, at a given size or at a file's. */
import type { Task } from '../src/lib/data/types';
import type { EngineApi } from '../src/lib/engine/protocol';
import { CourseError } from '../src/lib/errors';
import { formatSummary } from '../src/lib/models/summary';
import { taskNames } from '../src/lib/tasks';
import { loadDataFile, readDataFile } from './cliFiles';
import type { TrainArgs } from './trainArgs';

/**
 * The slice size of a lesson file. With --task the file is loaded for that task (and checked as for
 * training); without one any lesson that can use the file will do, so a summary never depends on
 * the targets being masks or images.
 */
async function sliceSizeOf(engine: EngineApi, path: string, task: Task | undefined): Promise<number> {
  if (task) return (await loadDataFile(engine, { path, task })).height;
  const bytes = await readDataFile(path);
  const inspection = await engine.inspectDataset({ source: { bytes }, label: path });
  const usable = taskNames().find((t) => inspection.lessons[t]?.usable);
  if (!usable) {
    // The loader's own reason (the same one loading for the first lesson gives).
    const reason = inspection.lessons[taskNames()[0]]?.error ?? { name: 'DatasetFormatError', message: `${path} cannot be used by any lesson.`, hint: '' };
    throw Object.assign(new CourseError(reason.message, reason.hint), { name: reason.name });
  }
  return (await engine.loadDataset({ source: { bytes }, task: usable, label: path })).height;
}

/** Prints the summary of the model the arguments name (default skip, 128×128, segmentation). */
export async function printModelSummary(engine: EngineApi, args: TrainArgs): Promise<void> {
  const size = args.data && args.size === undefined ? await sliceSizeOf(engine, args.data, args.task) : args.size ?? 128;
  const summary = await engine.buildModel({ config: { task: args.task ?? 'segmentation', model: args.model ?? 'skip', height: size, width: size, seed: args.seed ?? 1 } });
  console.log(formatSummary(summary));
}
