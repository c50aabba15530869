/** The lesson models a run may train: the plain encoder-decoder, the one with skip connections, and the block model. */
export const MODEL_KINDS = ['plain', 'skip', 'block'] as const;

/** Which lesson model a run trains. */
export type ModelKind = (typeof MODEL_KINDS)[number];
