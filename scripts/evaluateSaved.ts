/** npm run train -- --model-from <dir> --eval <file.h5>: scores a saved model through the engine on a file's scored splits. */
import { describeNormalization, type Normalization } from '../src/lib/data/normalizations';
import type { NormalizationWarning } from '../src/lib/data/inputUnits';
import type { EngineApi } from '../src/lib/engine/protocol';
import type { BackendReport } from '../src/lib/train/backend';
import type { TaskMetrics } from '../src/lib/tasks';
import { loadDataFile, readModelDir, writeJson } from './cliFiles';
import type { TrainArgs } from './trainArgs';
import { formatMetrics, metricsOf, volumeLines } from './trainOutput';

/** What a model.json that names no normalisation is assumed to take (models saved before it was recorded). */
const ASSUMED_NORMALIZATION: Normalization = { kind: 'zscore-slice' };

/**
 * Imports the model in `dir` into the engine, loads `evalPath` for evaluation and scores every scored split
 * with the model's normalisation (or --normalization); warns on stderr, as in the record, when the file's
 * units do not fit the model.
 */
export async function evaluateSavedModel(engine: EngineApi, backend: BackendReport, args: TrainArgs, dir: string, evalPath: string): Promise<void> {
  const start = performance.now();
  const model = await engine.importModel(await readModelDir(dir));
  const { height, width } = model;
  const task = args.task ?? model.task;
  const warnings: NormalizationWarning[] = [];
  const warn = (warning: NormalizationWarning) => {
    warnings.push(warning);
    console.error(`Warning: ${warning.message}\nHint: ${warning.hint}`);
  };
  // Only an override, or an assumption for a model that names none, is passed on: otherwise the engine applies the model's own.
  let asked: Normalization | undefined;
  if (args.normalization) {
    asked = args.normalization;
    if (model.normalization) console.log(`The model names ${describeNormalization(model.normalization)}; --normalization overrides it.`);
  } else if (!model.normalization) {
    asked = ASSUMED_NORMALIZATION;
    warn({
      message: `${dir}/model.json does not name the input normalisation it was trained with; assuming per-slice z-score.`,
      hint: 'Save the model again with this version (npm run train -- … --save DIR), or pass --normalization.',
    });
  }
  const normalization = asked ?? model.normalization!;
  const data = await loadDataFile(engine, { path: evalPath, task, purpose: 'evaluate' });
  const names = data.scoredSplits;
  const results: Record<string, TaskMetrics> = {};
  let misfit: NormalizationWarning | undefined;
  for (const name of names) {
    const evaluation = await engine.evaluate({ split: name, batchSize: args.batch ?? 16, ...(asked ? { normalization: asked } : {}) });
    misfit ??= evaluation.warning;
    results[name] = metricsOf(evaluation);
  }
  // Printed in the order the command always used: the warning, the normalisation, then the scores.
  if (misfit) warn(misfit);
  console.log(`Normalisation: ${describeNormalization(normalization)} (file units: ${data.units}${data.unitsDeclared ? ', from its units attribute' : ', sniffed from its values'})`);
  console.log(`Scored split${names.length > 1 ? 's' : ''}: ${names.join(', ')}`);
  for (const name of names) for (const line of [`${name}: ${formatMetrics(results[name])}`, ...volumeLines(results[name])]) console.log(line);
  await writeJson(args.json, {
    mode: 'eval', model: dir, data: evalPath, task, backend: backend.backend, height, width, paramCount: model.paramCount,
    normalization, fileUnits: data.units, unitsDeclared: data.unitsDeclared, scoredSplits: names, warnings, metrics: results, wallTimeMs: performance.now() - start,
  });
}
