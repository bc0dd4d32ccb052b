// Test helpers for Pictor users: a configurable mock provider.
export { type MockCall, type MockProvider, type MockProviderOptions, mockProvider } from './mock-provider.js';
