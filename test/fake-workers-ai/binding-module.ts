/**
 * The source of a miniflare wrapped-binding module that behaves like Workers AI's `env.AI` binding,
 * backed by the fake server: JSON-output models return the bare result object, binary models a
 * `ReadableStream`, SSE a `ReadableStream`, and failures are plain `Error`s whose message carries
 * the internal code (`"InferenceUpstreamError: 3040: …"`), as the real binding's do.
 *
 * @example
 * new Miniflare({ workers: [
 *   { name: 'app', modules: true, script, wrappedBindings: { AI: { scriptName: 'fake-ai', bindings: { FAKE_URL: fake.url, ACCOUNT: fake.accountId, TOKEN: fake.token } } } },
 *   { name: 'fake-ai', modules: true, script: FAKE_AI_BINDING_MODULE },
 * ] });
 */
export const FAKE_AI_BINDING_MODULE = `
export default function (env) {
  return {
    async run(model, inputs, options = {}) {
      const headers = { authorization: 'Bearer ' + env.TOKEN };
      let body;
      if (inputs && typeof inputs.multipart === 'object') {
        body = inputs.multipart.body;
        if (!(body instanceof FormData)) headers['content-type'] = inputs.multipart.contentType;
        if (options.gateway) throw new Error('AiError: AI Gateway does not support ReadableStreams yet.');
      } else {
        body = JSON.stringify(inputs);
        headers['content-type'] = 'application/json';
      }
      const path = options.gateway
        ? '/gateway/v1/' + env.ACCOUNT + '/' + options.gateway.id + '/workers-ai/' + model
        : '/client/v4/accounts/' + env.ACCOUNT + '/ai/run/' + model;
      const query = options.queueRequest ? '?queueRequest=true' : '';
      const response = await fetch(env.FAKE_URL + path + query, { method: 'POST', headers, body, signal: options.signal });
      const type = response.headers.get('content-type') || '';
      if (!response.ok) {
        let code = response.status;
        let message = response.statusText;
        try {
          const json = await response.json();
          code = json.errors[0].code;
          message = json.errors[0].message;
        } catch {}
        throw new Error('InferenceUpstreamError: ' + code + ': ' + message);
      }
      if (type.includes('json')) return (await response.json()).result;
      return response.body;
    },
  };
}
`;
