/**
 * The course's tasks as data: look a task up (taskDescriptor) instead of branching on its name. A
 * task is a folder here (./segmentation, ./translation) that owns everything that differs between
 * tasks; docs/architecture.md has the recipe for adding one.
 */
import { registerTask } from './registry';
import { segmentation } from './segmentation';
import { translation } from './translation';

registerTask(segmentation);
registerTask(translation);

export { allTasks, datasetRulesByTask, isTask, registerTask, taskDescriptor, taskNames } from './registry';
export { createRunConfig, intensityAugmentOf, lossNameOf } from './runConfig';
export { baselineVerdict, compareMetrics, type BaselineVerdict, type MetricComparison } from './baselineVerdict';
export * from './types';
export { formatMetric, formatValue, isBetter, METRICS, metricSpec } from '../losses/metrics';
export { DIFFERENCE_SCALE_MAX } from './translation';
export type { SegmentationMetrics } from './segmentation';
export type { TranslationMetrics } from './translation';
export { describeLossAndMetric, type LossAndMetricOptions } from '../losses/describeLossAndMetric';
export { applyLookupTable, type LookupTableValues } from '../phantoms/baselines';
