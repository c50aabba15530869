/**
 * npm run train as a function: parses the arguments, starts the engine and runs one command (train,
 * evaluate a saved model, or print a model summary). Returns the exit code: 0 on success, 1 on an error
 * (message and hint on stderr), 2 on bad arguments (with the usage).
 */
import type { EngineApi } from '../src/lib/engine/protocol';
import { reportFailure, startCliEngine, type EngineFactory } from './cliEngine';
import { evaluateSavedModel } from './evaluateSaved';
import { printModelSummary } from './printSummary';
import { importTaskModule, parseTrainArgs, taskModulesOf, TRAIN_USAGE, type TrainArgs } from './trainArgs';
import { trainFromArgs } from './trainRun';

export interface TrainCliOptions {
  /** Default: the course's createEngine (tests pass one to watch the requests). */
  createEngine?: EngineFactory;
}

/** Runs `npm run train -- <argv>` and resolves with its exit code. */
export async function runTrainCli(argv: string[], options: TrainCliOptions = {}): Promise<number> {
  let args: TrainArgs;
  try {
    // A task of one's own (--task-module) registers before --task is checked against the registry.
    for (const path of taskModulesOf(argv)) await importTaskModule(path);
    args = parseTrainArgs(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${TRAIN_USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(TRAIN_USAGE);
    return 0;
  }
  let engine: EngineApi | undefined;
  try {
    const started = await startCliEngine({ ...(args.checkpointDir ? { checkpointDir: args.checkpointDir } : {}), ...(options.createEngine ? { createEngine: options.createEngine } : {}) });
    engine = started.engine;
    if (args.summary) await printModelSummary(engine, args);
    else if (args.modelFrom) await evaluateSavedModel(engine, started.backend, args, args.modelFrom, args.eval ?? '');
    else await trainFromArgs(engine, started.backend, args);
    return 0;
  } catch (error) {
    return reportFailure(error, TRAIN_USAGE);
  } finally {
    await engine?.dispose({});
  }
}
