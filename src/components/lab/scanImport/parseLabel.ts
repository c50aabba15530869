/** The label field of "Bring your own scan": which value of a label map is the structure. */
import { SettingsError } from '../../../lib/errors';

/** Empty means every non-zero voxel (undefined); anything else must be a finite number. */
export function parseLabel(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new SettingsError(`Expected the label value to be a number, but got "${text}".`, 'Leave it empty to use every non-zero voxel of the mask, or type the value of the structure (for example 1).');
  return value;
}
