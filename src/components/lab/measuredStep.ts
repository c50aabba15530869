/**
 * The latest training step timed on this page (a run's own steps, or "Time a training step here"),
 * shared by every panel: each scales it to its own model, size and batch (src/lib/plan/stepEstimate),
 * so one measurement calibrates all the page's estimates. Not kept across visits: a visit's first
 * estimate is the device class's, the same every time.
 */
import { signal } from '@preact/signals';
import type { MeasuredStep } from '../../lib/plan/stepEstimate';

export const measuredStep = signal<MeasuredStep | null>(null);
