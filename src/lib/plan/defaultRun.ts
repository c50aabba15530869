/**
 * The settings a training panel starts its first run with once the device and the data are known: the
 * one function the page (usePanelSettings) and `npm run train -- --defaults` both call, so that the
 * command line reproduces the page's default run setting for setting.
 */
import type { DeviceSpeed } from './deviceSpeed';
import { planPanel, type PanelPlan, type PanelPlanInput } from './panelPlan';
import { applyDefaults, initialSettings, type PanelSettings } from './panelSettings';
import { isGpuBackend } from './trainingDefaults';

/** Which first-run rule decided: the overfitting demo's plan, the lesson's fixed recipe, or the timed rule (device speed). */
export type FirstRunRule = 'overfit' | 'recipe' | 'timed';

/** The rule chooseFirstRun applies: a recipe holds on CPUs only; on a GPU the timed rule sizes the run. */
export function firstRunRule({ overfit, recipe, speed }: Pick<PanelPlanInput<object>, 'overfit' | 'recipe'> & { speed: Pick<DeviceSpeed, 'backend'> }): FirstRunRule {
  if (overfit) return 'overfit';
  return recipe && !isGpuBackend(speed.backend) ? 'recipe' : 'timed';
}

export interface DefaultRun<P> {
  rule: FirstRunRule;
  plan: PanelPlan<P>;
  /** The panel's settings: the task's first settings, the rule's choices over them, the usable presets over both. */
  settings: PanelSettings;
}

/** The default run of a panel (a new object): the plan, the rule that made it, and the settings it starts with. */
export function defaultRun<P extends Partial<PanelSettings>>(input: PanelPlanInput<P>): DefaultRun<P> {
  const plan = planPanel(input);
  const settings: PanelSettings = { ...applyDefaults(initialSettings(input), plan.suggestion), ...plan.usable };
  return { rule: firstRunRule(input), plan, settings };
}
