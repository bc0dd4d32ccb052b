/** How to make an image model from one AI SDK provider package. */
export interface ProviderPackage {
  /** The exported factory, called with the settings (`createOpenAI({ apiKey, baseURL, … })`). */
  factory: string;
  /** The environment variables the package documents for its API key, first found wins. */
  apiKeyEnv: readonly string[];
}

/**
 * The AI SDK provider packages with image models, from each package's README and source
 * (`loadApiKey({ environmentVariableName })`). Any other package also works when it exports a
 * `create…` factory whose provider has `image()` or `imageModel()`; its API key then comes from
 * `settings.apiKey` or the package's own default.
 */
export const PROVIDER_PACKAGES: Readonly<Record<string, ProviderPackage>> = {
  '@ai-sdk/openai': { factory: 'createOpenAI', apiKeyEnv: ['OPENAI_API_KEY'] },
  '@ai-sdk/google': { factory: 'createGoogleGenerativeAI', apiKeyEnv: ['GOOGLE_GENERATIVE_AI_API_KEY'] },
  '@ai-sdk/fal': { factory: 'createFal', apiKeyEnv: ['FAL_API_KEY', 'FAL_KEY'] },
  '@ai-sdk/replicate': { factory: 'createReplicate', apiKeyEnv: ['REPLICATE_API_TOKEN'] },
  '@ai-sdk/black-forest-labs': { factory: 'createBlackForestLabs', apiKeyEnv: ['BFL_API_KEY'] },
  '@ai-sdk/luma': { factory: 'createLuma', apiKeyEnv: ['LUMA_API_KEY'] },
  '@ai-sdk/togetherai': { factory: 'createTogetherAI', apiKeyEnv: ['TOGETHER_AI_API_KEY'] },
  '@ai-sdk/xai': { factory: 'createXai', apiKeyEnv: ['XAI_API_KEY'] },
  '@ai-sdk/deepinfra': { factory: 'createDeepInfra', apiKeyEnv: ['DEEPINFRA_API_KEY'] },
  '@ai-sdk/fireworks': { factory: 'createFireworks', apiKeyEnv: ['FIREWORKS_API_KEY'] },
};
