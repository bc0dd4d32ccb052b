import modelCardJson from '../model-card.json' with { type: 'json' };

/** One training data source with its licence and the attribution it requires. */
export interface TrainingSource {
  name: string;
  url?: string;
  package_url?: string;
  licence: string;
  licence_url?: string;
  attribution?: string;
}

/** A tensor the model takes or gives. */
export interface TensorSpec {
  dtype: string;
  shape: (number | string)[];
  description?: string;
  layout?: string;
  range?: [number, number];
}

/**
 * A Pictor model card (`model-card.json`): what the model is, how to feed it, where its weights are,
 * what it was trained on and under which licences. Fields not listed here are kept as they are.
 */
export interface ModelCard {
  name: string;
  version: string;
  task?: string;
  architecture?: Record<string, unknown>;
  /** Native output size in pixels (square). */
  image_size: number;
  output_channels?: number;
  /** Length of the noise input. */
  z_dim: number;
  /** Path of the vocabulary file, relative to the card. */
  vocabulary: string;
  inputs: Record<string, TensorSpec>;
  outputs: Record<string, TensorSpec>;
  /** Weight files, relative to the card, per format. */
  weights: {
    onnx?: Record<string, string | number>;
    tfjs_graph_model?: Record<string, string>;
    [format: string]: unknown;
  };
  training_data: TrainingSource[];
  licence: { weights: string; outputs: string; [key: string]: unknown };
  evaluation?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The model card of the shipped weights. */
export const modelCard: ModelCard = modelCardJson as unknown as ModelCard;
