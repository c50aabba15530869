import { SettingsError } from '../errors';

/**
 * Which "hospital" a phantom comes from. `course` is the lessons' own generator (the default; its
 * files change only with the generator's version); the others are held-out scanners and patients that no lesson trains on, for
 * measuring how a model transfers (docs/transfer.md).
 */
export type PhantomProfile = 'course' | 'hospital-b' | 'hospital-c';

export const PHANTOM_PROFILES: readonly PhantomProfile[] = ['course', 'hospital-b', 'hospital-c'];

/** The held-out profiles (every profile but the course's). */
export type HeldOutProfile = Exclude<PhantomProfile, 'course'>;

export const HELD_OUT_PROFILES: readonly HeldOutProfile[] = ['hospital-b', 'hospital-c'];

/**
 * Dataset seeds of each profile's files. The course files use 1001 (CT) and 2002 (MR); subject seeds
 * are hashes of (dataset seed, subject id), so other dataset seeds share no subject with them.
 */
export const PROFILE_DATASET_SEEDS: Record<PhantomProfile, { lungCt: number; brainMri: number }> = {
  course: { lungCt: 1001, brainMri: 2002 },
  'hospital-b': { lungCt: 1101, brainMri: 2102 },
  'hospital-c': { lungCt: 1201, brainMri: 2202 },
};

/** One line per profile and modality: what differs from the course (stored in the files' attributes). */
export const PROFILE_SUMMARIES: Record<HeldOutProfile, { lungCt: string; brainMri: string }> = {
  'hospital-b': {
    lungCt: 'small bodies, arms down, FOV 290-325 mm, sharp kernel (45-60 HU fine grain), +15..+30 HU offset, mild cupping, 3-level 5 mm slab; nodules, consolidation, effusion',
    brainMri: '1.0 T, T1w TR 350-450/TE 15-20, T2w TR 2500-3000/TE 120-140, SNR 8-14/6-10, bias 45-75 %, small heads shifted/rotated, FOV 200-215 mm, 3-level 5 mm slab',
  },
  'hospital-c': {
    lungCt: 'large bodies, arms up, FOV 440-500 mm, soft kernel (3-6 HU blotchy), -30..-15 HU offset, strong cupping, 5-level 8 mm slab; nodules, consolidation, effusion',
    brainMri: '3 T only, T1w TR 800-1000/TE 5-8, T2w TR 5500-7000/TE 60-80, SNR 10-15/7-10, bias 55-95 %, large heads shifted/rotated, FOV 250-270 mm, 3-level 6 mm slab',
  },
};

/** Throws a SettingsError unless `value` names a profile. */
export function parseProfile(value: string): PhantomProfile {
  if ((PHANTOM_PROFILES as readonly string[]).includes(value)) return value as PhantomProfile;
  throw new SettingsError(`Expected a phantom profile (${PHANTOM_PROFILES.join(', ')}), but got "${value}".`, 'course is the lessons\' own data; hospital-b and hospital-c are held-out scanners for the transfer bench.');
}
