/**
 * The logic of `npm run inspect-data`, as a function (the tests run it in-process, file after file):
 * summarises one HDF5 file and says whether the lessons can use it.
 */
import { datasetRulesByTask, isTask } from '../src/lib/tasks';
import { inspectDataset } from '../src/lib/data/inspectDataset';
import { toErrorInfo, type ErrorInfo } from '../src/lib/errors';
import type { Task } from '../src/lib/data/types';

export const USAGE = 'Usage: npm run inspect-data -- <file.h5> [--task segmentation|translation]';

/** What the command printed and its exit status: 0 usable, 1 unusable, 2 bad arguments. */
export interface CliResult {
  code: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

function failure(error: ErrorInfo, stdout = ''): CliResult {
  return { code: 1, stdout, stderr: `${error.name}: ${error.message}\n${error.hint ? `Hint: ${error.hint}\n` : ''}` };
}

/** Runs the command for `args` (without the node and script paths). Never throws. */
export async function inspectDataCli(args: string[]): Promise<CliResult> {
  const taskAt = args.indexOf('--task');
  const task = taskAt >= 0 ? args[taskAt + 1] : undefined;
  const files = taskAt < 0 ? args : args.filter((_, i) => i !== taskAt && i !== taskAt + 1);
  if (files.length !== 1 || (task !== undefined && !isTask(task))) {
    return { code: 2, stdout: '', stderr: `${USAGE}\n` };
  }
  try {
    const summary = await inspectDataset(files[0], { tasks: datasetRulesByTask() });
    // Keep short number arrays (shapes, chunks) on one line.
    const stdout = `${JSON.stringify(summary, null, 2).replace(/\[\s+([-\d.e+,\s]*?)\s+\]/g, (_, inner: string) => `[${inner.split(/,\s*/).join(', ')}]`)}\n`;
    const fits = task ? [summary.lessons[task as Task]] : Object.values(summary.lessons);
    if (!fits.some((fit) => fit.usable)) return failure(fits[0].error ?? { name: 'Error', message: 'The file is unusable.', hint: '' }, stdout);
    const warnings = (summary.warnings ?? []).map((w) => `Warning: ${w}\n`).join('');
    return { code: 0, stdout, stderr: warnings };
  } catch (error) {
    return failure(toErrorInfo(error));
  }
}
