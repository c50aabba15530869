/**
 * Trains a lesson model in Node on the wasm backend, or evaluates a saved one, through the same engine
 * as the page (scripts/trainCli.ts; each command in its own file).
 *   npm run train -- --data <file.h5> [--task segmentation|translation] [--model plain|skip|block]
 *     [--epochs N] [--batch B] [--seed S] [--augment] [--lr X] [--optimizer sgd|adam] [--loss …] [--schedule …] [--size N]
 *     [--limit-train N] [--json out.json] [--save <dir>] [--checkpoint-dir <dir> [--resume]] [--task-module <file.ts>]
 *   npm run train -- --summary [--model …] [--size N | --data <file.h5>]
 *   npm run train -- --model-from <dir> --eval <file.h5> [--task …] [--normalization …] [--json out.json]
 * Training records its input normalisation in the JSON record and in the saved model.json
 * (userDefinedMetadata.course); --eval re-applies it and warns when the file's units do not fit.
 * Prints one line per epoch (epochs from 1); writes a JSON record with --json. Exit 0 on success,
 * 1 on an error (message and hint on stderr), 2 on bad arguments.
 */
import { runTrainCli } from './trainCli';

const code = await runTrainCli(process.argv.slice(2));
// Exit at once on failure, as before (nothing left running may hold the process open).
if (code !== 0) process.exit(code);
