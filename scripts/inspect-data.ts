/**
 * Summarises a lesson HDF5 file: `npm run inspect-data -- <file.h5> [--task segmentation|translation]`.
 * Prints a JSON summary (datasets, shapes, dtypes, value ranges, attributes, which lessons can use it)
 * and exits 0; prints the error and its hint and exits 1 when the file is unusable (for the given task,
 * or for both lessons when no task is given).
 */
import { inspectDataset } from '../src/lib/data/inspectDataset';
import { toErrorInfo, type ErrorInfo } from '../src/lib/errors';
import type { Task } from '../src/lib/data/types';

const usage = 'Usage: npm run inspect-data -- <file.h5> [--task segmentation|translation]';

function fail(error: ErrorInfo): never {
  console.error(`${error.name}: ${error.message}`);
  if (error.hint) console.error(`Hint: ${error.hint}`);
  process.exit(1);
}

async function main(args: string[]): Promise<void> {
  const taskAt = args.indexOf('--task');
  const task = taskAt >= 0 ? args[taskAt + 1] : undefined;
  const files = taskAt < 0 ? args : args.filter((_, i) => i !== taskAt && i !== taskAt + 1);
  if (files.length !== 1 || (task !== undefined && task !== 'segmentation' && task !== 'translation')) {
    console.error(usage);
    process.exit(2);
  }
  const summary = await inspectDataset(files[0]);
  // Keep short number arrays (shapes, chunks) on one line.
  console.log(JSON.stringify(summary, null, 2).replace(/\[\s+([-\d.e+,\s]*?)\s+\]/g, (_, inner: string) => `[${inner.split(/,\s*/).join(', ')}]`));
  const fits = task ? [summary.lessons[task as Task]] : Object.values(summary.lessons);
  if (!fits.some((fit) => fit.usable)) fail(fits[0].error ?? { name: 'Error', message: 'The file is unusable.', hint: '' });
}

main(process.argv.slice(2)).catch((error: unknown) => fail(toErrorInfo(error)));
