export { buildEncoderDecoder, type EncoderDecoderConfig } from './encoderDecoder';
export { buildBlockModel, type BlockModelConfig } from './blockModel';
export { summarizeModel, formatSummary, formatCount, type ModelSummary, type SummaryRow } from './summary';
