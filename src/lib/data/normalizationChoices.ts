/** Input normalisations a panel can be set to; `auto` is the file's own choice (from its units). */
export const NORMALIZATION_CHOICES = ['auto', 'zscore-slice', 'hu-scale', 'lung-window', 'zscore-split', 'min-max', 'none'] as const;
export type NormalizationChoice = (typeof NORMALIZATION_CHOICES)[number];

/** Choices that only make sense for CT in Hounsfield units. */
const HOUNSFIELD_ONLY: readonly NormalizationChoice[] = ['hu-scale', 'lung-window'];

/** The choices that fit a task's inputs: the HU ones only where the inputs are CT in Hounsfield units. */
export function normalizationChoicesFor({ hounsfieldInput }: { hounsfieldInput: boolean }): NormalizationChoice[] {
  return NORMALIZATION_CHOICES.filter((c) => hounsfieldInput || !HOUNSFIELD_ONLY.includes(c));
}
