/**
 * A training panel's settings as state: the first ones from the plan (src/lib/plan/panelPlan) once
 * the engine and the data are known, the course configuration's and the page link's presets over
 * them, and the learner's edits, which the plan never overwrites.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { EngineReport } from '../../client/trainingClient';
import type { DatasetSummary } from '../../lib/engine/protocol';
import type { Task } from '../../lib/data/types';
import type { ModelKind } from '../../lib/train/types';
import { formatDuration } from '../../lib/format';
import { taskDescriptor } from '../../lib/tasks';
import type { OverfitPlan } from '../../lib/plan/overfitDefaults';
import type { FirstRunRecipe } from '../../lib/plan/recipeDefaults';
import { applyDefaults, initialSettings } from '../../lib/plan/panelSettings';
import type { PanelPlan } from '../../lib/plan/panelPlan';
import { defaultRun } from '../../lib/plan/defaultRun';
import { presetFromUrl, unknownUrlParams, type PanelDefaults, type PresetProblem } from '../../course/presetFields';
import type { DeviceSpeed } from '../../lib/plan/deviceSpeed';
import { deviceSpeed } from './deviceSpeed';
import type { PanelSettings } from './runSettings';

export interface PanelSettingsInput {
  task: Task;
  model: ModelKind;
  overfit?: OverfitPlan;
  recipe?: FirstRunRecipe;
  /** Training slices of the lesson's built-in file (a smaller file's first run is sized by steps). */
  courseTrainCount?: number;
  comparison?: string;
  /** The course configuration's first settings for this panel. */
  configPreset: PanelDefaults;
  /** URL presets: the panel's id, whether plain keys apply to it, the page's panels, whether it reports unknown keys. */
  panelId?: string;
  mainPanel: boolean;
  pagePanels: string[];
  reportsUnknownParams: boolean;
  /** The engine's report and the loaded data's summary, once ready. */
  report: EngineReport | null;
  summary: DatasetSummary | null;
  /** Image sizes the panel offers now. */
  sizes: number[];
}

/** The settings state of a training panel and its ways to change them. */
export function usePanelSettings(input: PanelSettingsInput) {
  const { task, model, overfit, recipe, courseTrainCount, comparison, configPreset, panelId, mainPanel, pagePanels, reportsUnknownParams, report, summary, sizes } = input;
  // The configuration's defaults apply from the first render; a link's (?epochs=8) once the page runs.
  const [urlPreset, setUrlPreset] = useState<{ preset: PanelDefaults; problems: PresetProblem[] }>({ preset: {}, problems: [] });
  const preset = useMemo<PanelDefaults>(() => ({ ...configPreset, ...urlPreset.preset }), [urlPreset]);
  const [settings, setSettings] = useState<PanelSettings>(() => ({ ...initialSettings({ model, overfit, task: taskDescriptor(task) }), ...configPreset }));
  const [plan, setPlan] = useState<PanelPlan<PanelDefaults> | null>(null);
  const [speed, setSpeed] = useState<DeviceSpeed | null>(null);
  // Set once the learner edits a field: from then on the plan suggests but no longer sets.
  const touched = useRef(false);

  useEffect(() => {
    if (!panelId) return;
    const fromUrl = presetFromUrl(location.search, { panelId, main: mainPanel, task });
    const problems = reportsUnknownParams ? [...fromUrl.problems, ...unknownUrlParams(location.search, pagePanels)] : fromUrl.problems;
    setUrlPreset({ preset: fromUrl.preset, problems });
    if (Object.keys(fromUrl.preset).length > 0 && !touched.current) setSettings((s) => ({ ...s, ...fromUrl.preset }));
  }, [panelId]);

  const trainCount = summary?.splits.find((s) => s.split === 'train')?.count ?? null;
  const valCount = summary?.splits.find((s) => s.split === 'val')?.count ?? null;
  useEffect(() => {
    if (!report || !summary || trainCount === null) return;
    let cancelled = false;
    deviceSpeed(report).then((speed) => {
      if (cancelled) return;
      setSpeed(speed);
      // The same function as npm run train -- --defaults (src/lib/plan/defaultRun).
      const { plan: next, settings: planned } = defaultRun({
        speed, task: taskDescriptor(task), model, trainCount, valCount: valCount ?? undefined, dataSize: summary.height, comparison, overfit, recipe, courseTrainCount, preset, sizes,
      });
      setPlan(next);
      if (!touched.current) setSettings((s) => ({ ...s, ...planned }));
    });
    return () => { cancelled = true; };
  }, [report, summary, preset]);

  /** The learner changes some fields. */
  const change = (next: Partial<PanelSettings>) => {
    touched.current = true;
    setSettings((s) => ({ ...s, ...next }));
  };
  /** The learner takes another run's settings as they are (resuming it). */
  const replace = (next: PanelSettings) => {
    touched.current = true;
    setSettings(next);
  };
  /** "Use the suggested settings": back to the plan's, presets included. */
  const applySuggestion = () => {
    if (!plan) return;
    touched.current = false;
    setSettings((s) => ({ ...applyDefaults(s, plan.suggestion), ...plan.usable }));
  };

  return {
    settings, change, replace, applySuggestion,
    touched: touched.current,
    suggestion: plan?.suggestion ?? null,
    refusedSize: plan?.refusedSize ?? null,
    /** How long a run with the preset settings takes on this device, when a preset changes its length. */
    presetEstimate: plan?.presetRunMs != null ? formatDuration(plan.presetRunMs) : null,
    urlPreset,
    trainCount, valCount,
    /** The device's estimated speed the plan used (null until the engine and the data are ready). */
    speed,
  };
}
