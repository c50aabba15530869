/**
 * The domain-shift curves measured on this page, one per model (run) and shift, kept in localStorage per
 * lesson so that a second model's curve is drawn beside the first's, and what a chart and a table make of them.
 */
import { signal } from '@preact/signals';
import type { ShiftKind, ShiftPoint } from '../../../lib/engine/protocol';
import type { ShiftMetric, ShiftSpec } from '../../../lib/tasks/domainShifts';
import type { ChartSeries } from '../../LossChart';
import type { LabRun } from '../page/signals';

export interface MeasuredCurve {
  runId: string;
  /** The run's label and its intensity augmentation, as the legend says it. */
  label: string;
  kind: ShiftKind;
  /** Slices each point was measured on. */
  count: number;
  points: ShiftPoint[];
}

/** Every curve measured in this lesson, oldest first. */
export const measuredCurves = signal<MeasuredCurve[]>([]);

const storageKey = (lesson: string) => `course:shift-curves:${lesson}`;
let loadedFor: string | null = null;

/** Reads the lesson's curves (once per page); those of runs no longer listed are dropped. */
export function loadCurves(lesson: string, listed: readonly LabRun[]): void {
  if (loadedFor !== lesson) {
    loadedFor = lesson;
    try { measuredCurves.value = JSON.parse(localStorage.getItem(storageKey(lesson)) ?? '[]') as MeasuredCurve[]; } catch { measuredCurves.value = []; }
  }
  if (listed.length > 0) measuredCurves.value = measuredCurves.value.filter((c) => listed.some((r) => r.id === c.runId));
}

/** Adds a curve, replacing the same model's curve of the same shift, and saves the list. */
export function saveCurve(lesson: string, curve: MeasuredCurve): void {
  measuredCurves.value = [...measuredCurves.value.filter((c) => c.runId !== curve.runId || c.kind !== curve.kind), curve];
  try { localStorage.setItem(storageKey(lesson), JSON.stringify(measuredCurves.value)); } catch { /* kept for this visit only */ }
}

/** Whether a run trained with intensity augmentation: its config's `intensityAugment` where the record has one, else its label. */
export function intensityAugmented(run: LabRun): boolean {
  const field = (run.config as { intensityAugment?: unknown }).intensityAugment;
  if (field !== undefined) return Boolean(field);
  return /intensity/i.test(run.label);
}

/** The legend's name of a run: its label, its number among the lesson's runs, and its intensity augmentation. */
export function curveLabel(run: LabRun, listed: readonly LabRun[]): string {
  const number = listed.findIndex((r) => r.id === run.id) + 1;
  return `${run.label}${number > 0 ? ` (run ${number})` : ''}, intensity augmentation ${intensityAugmented(run) ? 'on' : 'off'}`;
}

/** Okabe–Ito colours, one per curve in the order measured. */
const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9'];

/** The chart's lines for one shift and metric: one per model measured, and the no-shift point of the model shown marked. */
export function curveSeries(curves: readonly MeasuredCurve[], spec: ShiftSpec, metric: ShiftMetric, currentRunId: string | null): ChartSeries[] {
  const mine = curves.filter((c) => c.kind === spec.kind);
  const lines = mine.map((c, i): ChartSeries => ({
    label: c.label,
    kind: 'validation',
    color: PALETTE[i % PALETTE.length],
    points: c.points.flatMap((p) => (p.metrics[metric.key] === undefined ? [] : [{ x: p.strength, y: p.metrics[metric.key] }])),
  }));
  const current = mine.find((c) => c.runId === currentRunId);
  const none = current?.points.find((p) => p.strength === spec.none)?.metrics[metric.key];
  if (none === undefined) return lines;
  return [...lines, { label: 'No shift (the test evaluation)', kind: 'reference', color: '#7f7f7f', points: [{ x: spec.none, y: none }] }];
}

/** A value with the metric's decimals, or a dash where there is none. */
export const formatPoint = (value: number | undefined, digits: number) => (value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits));
