/**
 * Summarises a lesson HDF5 file: `npm run inspect-data -- <file.h5> [--task segmentation|translation]`.
 * Prints a JSON summary (datasets, shapes, dtypes, value ranges, attributes, which lessons can use it)
 * and exits 0; prints the error and its hint and exits 1 when the file is unusable (for the given task,
 * or for both lessons when no task is given). `npm run inspect-data` runs it through
 * scripts/inspect-data.mjs, which bundles it with esbuild first so that it starts quickly.
 */
import { inspectDataCli } from './inspectDataCli';

const result = await inspectDataCli(process.argv.slice(2));
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
