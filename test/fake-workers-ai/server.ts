// A fake Cloudflare Workers AI on 127.0.0.1 that behaves as documented: REST run endpoint and AI
// Gateway URL, bearer auth, per-model validation (5006), binary vs base64 outputs and the envelope,
// 429 with codes, 5xx, slow / truncated / garbage bodies, SSE text streams and vision answers.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readImageInfo } from '@pictor/core';
import { badInput, CONTRACTS, checkField, checkJson, FLUX2_FIELDS, type ModelContract } from './contracts.js';
import { colourOf, meanColour, nearestColour, solidImage } from './images.js';

/** A behaviour the fake applies instead of (or before) its normal answer. */
export type FakeBehaviour =
  /** An error envelope with this status and internal code (and `Retry-After` when given). */
  | { type: 'error'; status: number; code?: number; message?: string; retryAfter?: string }
  /** Wait `ms` before answering normally. */
  | { type: 'delay'; ms: number; bytes?: Uint8Array }
  /** Send the headers, then the body after `ms`. */
  | { type: 'slow-body'; ms: number; bytes?: Uint8Array }
  /** Declare the full length, send half the body, then cut the connection. */
  | { type: 'truncate' }
  /** Answer 200 with a body that is not what the model promises. */
  | { type: 'garbage'; contentType?: string; body?: string | Uint8Array }
  /** Answer with these image bytes (raw for binary models, base64 for JSON ones). */
  | { type: 'image'; bytes: Uint8Array; contentType?: string }
  /** Never answer (until the client gives up). */
  | { type: 'hang' }
  /** Answer exactly this (status, headers, body; Content-Length added unless `headers` has one). */
  | { type: 'raw'; status?: number; headers?: Record<string, string>; body: Uint8Array | string }
  /** Drop the connection before any answer. */
  | { type: 'reset' }
  /**
   * Declare the full length, send the first `at` bytes (a fraction of the body when < 1), then cut
   * the connection: `destroy` (a reset) or `end` (a clean close, short of the declared length).
   */
  | { type: 'cut'; at: number; how: 'destroy' | 'end'; bytes?: Uint8Array }
  /** The normal answer with a Content-Length `by` bytes off the real one; the connection closes after it. */
  | { type: 'wrong-length'; by: number; bytes?: Uint8Array }
  /** 200 with this content type and a chunked body that never ends until the client stops reading. */
  | { type: 'endless'; contentType?: string; chunkBytes?: number }
  /** A redirect to `location`. */
  | { type: 'redirect'; status: 301 | 302 | 303 | 307 | 308; location: string };

/** When a behaviour applies. */
export interface BehaviourScope {
  /** Only for this model id. */
  model?: string;
  /** Only for the next `times` matching requests (default: until replaced). */
  times?: number;
}

/** A request the fake received. */
export interface RecordedRequest {
  model: string;
  /** `rest`: /client/v4/accounts/…/ai/run/…; `gateway`: /gateway/v1/…/workers-ai/… */
  route: 'rest' | 'gateway';
  gatewayId?: string;
  headers: Record<string, string>;
  contentType: string;
  /** The JSON body, when it was JSON. */
  json?: unknown;
  /** The form fields (files as `{ filename, type, size }`), when multipart. */
  form?: Record<string, string | { filename: string; type: string; size: number }>;
}

/** A yes/no answer of the fake judge. */
export type FakeJudge = (input: { question: string; image: Uint8Array; colour: string }) => {
  yesProbability: number;
};

/** Options of `startFakeWorkersAI`. */
export interface FakeWorkersAIOptions {
  /** Default `0123456789abcdef0123456789abcdef`. */
  accountId?: string;
  /** The only accepted bearer token. Default: random. */
  token?: string;
  /** Record request bodies (default true; turn off for benchmarks). */
  record?: boolean;
  /** Decides vision answers; default: yes when the question names the image's dominant colour. */
  judge?: FakeJudge;
  /** The text models' reply; default a fixed sentence. */
  textReply?: (inputs: Record<string, unknown>) => string;
  /** Polls of a queued batch that answer `queued` / `running` before its responses (default 2). */
  batchPolls?: number;
  /**
   * Decides a behaviour per request from what it asked (after `setBehaviour` rules, which win): for
   * fault injection and per-request images. `json` is the parsed JSON body, when it was JSON.
   */
  decide?: (request: { model: string; json: unknown; contentType: string }) => FakeBehaviour | undefined;
}

/** A running fake. */
export interface FakeWorkersAI {
  /** `http://127.0.0.1:port`. */
  url: string;
  /** REST base URL to give as `baseURL` (`…/client/v4`). */
  baseURL: string;
  /** AI Gateway base URL to give as `gatewayBaseURL` (`…/gateway/v1`). */
  gatewayBaseURL: string;
  accountId: string;
  token: string;
  /** REST settings for `createWorkersAI`. */
  settings: { accountId: string; apiToken: string; baseURL: string; gatewayBaseURL: string };
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Whether the llama-3.2 licence was accepted. */
  readonly agreed: boolean;
  /** Connections open right now (to check that clients do not leak sockets). */
  readonly openSockets: number;
  /** Adds a behaviour (newest first); `null` clears all. */
  setBehaviour(behaviour: FakeBehaviour | null, scope?: BehaviourScope): void;
  close(): Promise<void>;
}

/** The image bytes a behaviour carries for the normal answer, if any. */
function bytesOf(behaviour: FakeBehaviour | undefined): Uint8Array | undefined {
  return behaviour && 'bytes' in behaviour ? behaviour.bytes : undefined;
}

function safeJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function envelopeError(status: number, code: number, message: string) {
  return { status, body: { success: false, errors: [{ code, message }], messages: [], result: null } };
}

const defaultJudge: FakeJudge = ({ question, colour }) => {
  const words: string[] = question.toLowerCase().match(/[a-z]+/g) ?? [];
  if (words.includes(colour) || (colour === 'grey' && words.includes('gray')))
    return { yesProbability: 0.94 };
  return { yesProbability: 0.06 };
};

/** Starts the fake on 127.0.0.1 on a random port. */
export async function startFakeWorkersAI(options: FakeWorkersAIOptions = {}): Promise<FakeWorkersAI> {
  const accountId = options.accountId ?? '0123456789abcdef0123456789abcdef';
  const token = options.token ?? `fake-cf-token-${randomBytes(12).toString('hex')}`;
  const record = options.record ?? true;
  const judge = options.judge ?? defaultJudge;
  const requests: RecordedRequest[] = [];
  let rules: { behaviour: FakeBehaviour; scope: BehaviourScope; left: number }[] = [];
  let agreed = false;
  const sockets = new Set<Socket>();
  // The asynchronous batch API: request_id → the finished responses and the polls still to answer "not yet".
  const batches = new Map<
    string,
    { model: string; responses: unknown[]; pollsLeft: number; polled: number }
  >();

  function takeBehaviour(model: string): FakeBehaviour | undefined {
    const rule = rules.find((r) => r.left > 0 && (r.scope.model === undefined || r.scope.model === model));
    if (!rule) return undefined;
    rule.left--;
    return rule.behaviour;
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        send(response, 500, { success: false, errors: [{ code: 9999, message: String(error) }] });
      else response.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function send(
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      ...headers,
    });
    response.end(text);
  }

  async function readBody(request: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const rest = /^\/client\/v4\/accounts\/([^/]+)\/ai\/run\/(.+)$/.exec(url.pathname);
    const gateway = /^\/gateway\/v1\/([^/]+)\/([^/]+)\/workers-ai\/(?:run\/)?(.+)$/.exec(url.pathname);
    const match = rest ?? gateway;
    if (request.method !== 'POST' || !match) {
      return send(response, 404, {
        success: false,
        errors: [{ code: 7003, message: 'Could not route to this path' }],
      });
    }
    const [account, model] = rest
      ? [rest[1]!, decodeURIComponent(rest[2]!)]
      : [gateway![1]!, decodeURIComponent(gateway![3]!)];
    const body = await readBody(request);
    const contentType = request.headers['content-type'] ?? '';
    const recorded: RecordedRequest = {
      model,
      route: rest ? 'rest' : 'gateway',
      ...(gateway ? { gatewayId: gateway[2]! } : {}),
      headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)])),
      contentType,
    };
    requests.push(recorded);

    if (request.headers.authorization !== `Bearer ${token}` || account !== accountId) {
      const { status, body: error } = envelopeError(401, 10000, 'Authentication error');
      return send(response, status, error);
    }
    const behaviour =
      takeBehaviour(model) ??
      options.decide?.({
        model,
        json: contentType.includes('json') ? safeJson(body) : undefined,
        contentType,
      });
    if (behaviour?.type === 'hang') return; // the socket stays open until the client or close() ends it
    if (behaviour?.type === 'reset') return void request.socket.destroy();
    if (behaviour?.type === 'raw') {
      const payload = typeof behaviour.body === 'string' ? Buffer.from(behaviour.body) : behaviour.body;
      response.writeHead(behaviour.status ?? 200, {
        'content-length': String(payload.length),
        ...behaviour.headers,
      });
      return void response.end(payload);
    }
    if (behaviour?.type === 'redirect') {
      response.writeHead(behaviour.status, { location: behaviour.location, 'content-length': '0' });
      return void response.end();
    }
    if (behaviour?.type === 'endless') {
      response.writeHead(200, { 'content-type': behaviour.contentType ?? 'image/png' });
      const chunk = Buffer.alloc(behaviour.chunkBytes ?? 64 * 1024, 0x41);
      while (!response.destroyed && !request.socket.destroyed) {
        if (!response.write(chunk)) await new Promise((resolve) => setTimeout(resolve, 1));
      }
      return;
    }
    if (behaviour?.type === 'delay') await sleep(behaviour.ms);
    if (behaviour?.type === 'error') {
      const { status, body: error } = envelopeError(
        behaviour.status,
        behaviour.code ?? behaviour.status,
        behaviour.message ?? `fake error ${behaviour.status}`,
      );
      return send(
        response,
        status,
        error,
        behaviour.retryAfter ? { 'retry-after': behaviour.retryAfter } : {},
      );
    }
    if (behaviour?.type === 'garbage') {
      const payload = behaviour.body ?? 'this is not an image';
      response.writeHead(200, { 'content-type': behaviour.contentType ?? 'image/png' });
      return void response.end(payload);
    }

    const contract = CONTRACTS[model];
    if (!contract)
      return send(response, 400, envelopeError(400, 5007, `No such model ${model} or task`).body);

    const batchAnswer = await batch(url, contract, contentType, body, recorded, model);
    if (batchAnswer) return send(response, batchAnswer.status, batchAnswer.body);

    let answer: {
      status: number;
      contentType: string;
      body: Uint8Array | string;
      headers?: Record<string, string>;
    };
    try {
      answer = await respond(contract, contentType, body, recorded, behaviour, gateway !== null);
    } catch (failure) {
      if (failure instanceof FakeFailure)
        return send(
          response,
          failure.status,
          envelopeError(failure.status, failure.code, failure.message).body,
        );
      throw failure;
    }
    const bytes =
      typeof answer.body === 'string'
        ? Buffer.from(answer.body)
        : Buffer.from(answer.body.buffer, answer.body.byteOffset, answer.body.byteLength);
    if (answer.contentType === 'text/event-stream') {
      response.writeHead(200, { 'content-type': 'text/event-stream', ...answer.headers });
      for (const line of bytes.toString().split('\n\n')) {
        if (!line) continue;
        response.write(`${line}\n\n`);
        await sleep(behaviour?.type === 'slow-body' ? behaviour.ms : 2);
        if (response.destroyed) return;
      }
      return void response.end();
    }
    if (behaviour?.type === 'wrong-length') {
      // Written by hand: Node's own writer would not send a body that disagrees with its Content-Length.
      const socket = request.socket;
      socket.write(
        `HTTP/1.1 ${answer.status} OK\r\ncontent-type: ${answer.contentType}\r\ncontent-length: ${bytes.length + behaviour.by}\r\n\r\n`,
      );
      socket.write(bytes);
      await sleep(5);
      return void socket.destroy();
    }
    response.writeHead(answer.status, {
      'content-type': answer.contentType,
      'content-length': bytes.length,
      ...answer.headers,
    });
    if (behaviour?.type === 'truncate' || behaviour?.type === 'cut') {
      const at = behaviour.type === 'truncate' ? 0.5 : behaviour.at;
      response.write(bytes.subarray(0, at < 1 ? Math.floor(bytes.length * at) : at));
      await sleep(5);
      if (behaviour.type === 'cut' && behaviour.how === 'end') return void request.socket.end();
      return void request.socket.destroy();
    }
    if (behaviour?.type === 'slow-body') {
      response.flushHeaders();
      await sleep(behaviour.ms);
    }
    response.end(bytes);
  }

  class FakeFailure extends Error {
    constructor(
      readonly status: number,
      readonly code: number,
      message: string,
    ) {
      super(message);
    }
  }

  async function parseInputs(
    contentType: string,
    body: Buffer,
    recorded: RecordedRequest,
  ): Promise<Record<string, unknown>> {
    if (!contentType.includes('application/json')) {
      throw new FakeFailure(400, 5006, badInput(`Type mismatch of '/', expected a JSON object`));
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      throw new FakeFailure(400, 3003, 'Incomplete request: the body is not valid JSON');
    }
    if (record) recorded.json = json;
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      throw new FakeFailure(400, 5006, badInput(`Type mismatch of '/', not an object`));
    const { options: _options, ...inputs } = json as Record<string, unknown>; // `options` (rejectIfBusy) is not a model input
    return inputs;
  }

  /**
   * The asynchronous batch API (`?queueRequest=true` with `{ requests: [...] }` → `{ status: 'queued',
   * request_id, model }`; then `{ request_id }` → `{ status: 'queued' | 'running' }` until it is done,
   * then `{ responses: [{ id, result, success, external_reference }], usage }`). Cloudflare lists text
   * and embedding models for it; this fake batches its text models and refuses the others (the exact
   * error Cloudflare sends there is not documented). Undefined when the request is not a batch call.
   */
  async function batch(
    url: URL,
    contract: ModelContract,
    contentType: string,
    body: Buffer,
    recorded: RecordedRequest,
    model: string,
  ): Promise<{ status: number; body: unknown } | undefined> {
    const queued = url.searchParams.get('queueRequest') === 'true';
    let inputs: Record<string, unknown>;
    try {
      inputs = contentType.includes('json') ? (JSON.parse(body.toString()) as Record<string, unknown>) : {};
    } catch {
      return undefined;
    }
    if (record && (queued || 'request_id' in inputs)) recorded.json = inputs;
    const ok = (result: unknown) => ({
      status: 200,
      body: { result, success: true, errors: [], messages: [] },
    });
    if (typeof inputs.request_id === 'string' && Object.keys(inputs).length === 1) {
      const job = batches.get(inputs.request_id);
      if (!job || job.model !== model)
        return envelopeError(400, 5006, `No batch request with id ${inputs.request_id} for ${model}`);
      job.polled++;
      if (job.pollsLeft > 0) {
        job.pollsLeft--;
        return ok({ status: job.polled === 1 ? 'queued' : 'running', request_id: inputs.request_id, model });
      }
      return ok({ responses: job.responses, usage: { prompt_tokens: 12 * job.responses.length } });
    }
    if (!queued) return undefined;
    if (contract.kind !== 'text') return envelopeError(400, 5006, `${model} does not support batch requests`);
    const requests = inputs.requests;
    if (!Array.isArray(requests) || requests.length === 0)
      return envelopeError(400, 5006, badInput(`required properties at '/' are 'requests'`));
    const responses: unknown[] = [];
    for (const [id, item] of requests.entries()) {
      const { external_reference = null, ...rest } = (item ?? {}) as Record<string, unknown>;
      try {
        const answer = await respond(
          contract,
          'application/json',
          Buffer.from(JSON.stringify(rest)),
          { ...recorded }, // each item's inputs are not the recorded request body
          undefined,
          false,
        );
        const result = (JSON.parse(String(answer.body)) as { result: unknown }).result;
        responses.push({ id, result, success: true, external_reference });
      } catch (failure) {
        if (!(failure instanceof FakeFailure)) throw failure;
        responses.push({
          id,
          result: { errors: [{ code: failure.code, message: failure.message }] },
          success: false,
          external_reference,
        });
      }
    }
    const requestId = randomBytes(16)
      .toString('hex')
      .replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
    batches.set(requestId, { model, responses, pollsLeft: options.batchPolls ?? 2, polled: 0 });
    return ok({ status: 'queued', request_id: requestId, model });
  }

  async function respond(
    contract: ModelContract,
    contentType: string,
    body: Buffer,
    recorded: RecordedRequest,
    behaviour: FakeBehaviour | undefined,
    viaGateway: boolean,
  ): Promise<{
    status: number;
    contentType: string;
    body: Uint8Array | string;
    headers?: Record<string, string>;
  }> {
    const json = (result: unknown) => ({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({ result, success: true, errors: [], messages: [] }),
    });
    const gatewayHeaders: Record<string, string> = viaGateway
      ? { 'cf-aig-cache-status': 'MISS', 'cf-aig-log-id': 'log-fake-1' }
      : {};

    if (contract.kind === 'image-multipart') {
      if (!contentType.startsWith('multipart/form-data'))
        throw new FakeFailure(400, 5006, badInput(`required properties at '/' are 'multipart'`));
      if (viaGateway) throw new FakeFailure(500, 7000, 'Internal server error'); // cloudflare-docs #33336
      const form = await new Request('http://fake/', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: new Uint8Array(body),
      }).formData();
      const fields: Record<string, string | { filename: string; type: string; size: number }> = {};
      const images: Uint8Array[] = [];
      for (const [name, value] of form.entries()) {
        if (typeof value === 'string') {
          fields[name] = value;
          continue;
        }
        if (!/^input_image_[0-3]$/.test(name))
          throw new FakeFailure(
            400,
            5006,
            badInput(`Additional or unevaluated properties '/${name}' at '/' not allowed`),
          );
        const bytes = new Uint8Array(await value.arrayBuffer());
        fields[name] = { filename: value.name, type: value.type, size: bytes.length };
        let info: ReturnType<typeof readImageInfo>;
        try {
          info = readImageInfo(bytes);
        } catch {
          throw new FakeFailure(400, 5004, `Invalid data for ${name}`);
        }
        if (info.width > 512 || info.height > 512)
          throw new FakeFailure(400, 5006, badInput(`${name} must be smaller than 512x512`));
        images.push(bytes);
      }
      if (record) recorded.form = fields;
      if (!fields.prompt)
        throw new FakeFailure(400, 5006, badInput(`required properties at '/' are 'prompt'`));
      const values: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(fields)) {
        if (typeof value !== 'string') continue;
        const rule = FLUX2_FIELDS[name];
        if (!rule || (name === 'steps' && contract.fixedSteps))
          throw new FakeFailure(
            400,
            5006,
            badInput(`Additional or unevaluated properties '/${name}' at '/' not allowed`),
          );
        const parsed = rule.type === 'string' ? value : Number(value);
        const problem = checkField(name, parsed, rule);
        if (problem) throw new FakeFailure(400, 5006, problem);
        values[name] = parsed;
      }
      const [dw, dh] = contract.defaultSize!;
      const bytes =
        bytesOf(behaviour) ??
        (await solidImage(
          'png',
          (values.width as number) ?? dw,
          (values.height as number) ?? dh,
          colourOf(fields.prompt as string),
        ));
      return { ...json({ image: Buffer.from(bytes).toString('base64') }), headers: gatewayHeaders };
    }

    const inputs = await parseInputs(contentType, body, recorded);
    if (contract.kind === 'image-json') {
      const problem = checkJson(inputs, contract.json!);
      if (problem) throw new FakeFailure(400, 5006, problem);
      for (const need of contract.needs ?? []) {
        const present =
          need === 'image'
            ? inputs.image !== undefined || inputs.image_b64 !== undefined
            : inputs.mask !== undefined;
        if (!present) throw new FakeFailure(400, 5006, badInput(`required properties at '/' are '${need}'`));
      }
      let [width, height] = [
        (inputs.width as number) ?? contract.defaultSize![0],
        (inputs.height as number) ?? contract.defaultSize![1],
      ];
      const input =
        inputs.image !== undefined
          ? Uint8Array.from(inputs.image as number[])
          : inputs.image_b64 !== undefined
            ? Buffer.from(inputs.image_b64 as string, 'base64')
            : undefined;
      if (input) {
        try {
          const info = readImageInfo(new Uint8Array(input));
          if (inputs.width === undefined) [width, height] = [info.width, info.height];
        } catch {
          throw new FakeFailure(400, 5004, 'Invalid data: image is not a readable image');
        }
      }
      const colour = colourOf(inputs.prompt as string);
      const output = contract.output!;
      const type = output === 'binary-png' || output === 'base64-png' ? 'png' : 'jpeg';
      const bytes = bytesOf(behaviour) ?? (await solidImage(type, width, height, colour));
      if (output.startsWith('base64'))
        return { ...json({ image: Buffer.from(bytes).toString('base64') }), headers: gatewayHeaders };
      const declared =
        behaviour?.type === 'image'
          ? (behaviour.contentType ?? 'image/png')
          : output === 'binary-jpeg'
            ? 'image/jpeg'
            : 'image/png';
      return { status: 200, contentType: declared, body: bytes, headers: gatewayHeaders };
    }

    if (contract.kind === 'text' || (contract.kind === 'vision-llama' && inputs.prompt === 'agree')) {
      if (contract.kind === 'vision-llama') {
        agreed = true;
        return json({ response: 'Thank you for agreeing to the Llama 3.2 Community License.' });
      }
      if (typeof inputs.prompt !== 'string' && !Array.isArray(inputs.messages))
        throw new FakeFailure(400, 5006, badInput(`required properties at '/' are 'prompt'`));
      const reply = options.textReply?.(inputs) ?? 'Hello from the fake Workers AI.';
      const usage = {
        prompt_tokens: 12,
        completion_tokens: reply.split(' ').length,
        total_tokens: 12 + reply.split(' ').length,
      };
      if (inputs.stream === true) {
        const events = reply
          .split(/(?<= )/)
          .map(
            (token) =>
              `data: ${JSON.stringify({ response: token, p: 'abcdefgh'.slice(0, (token.length % 7) + 1) })}`,
          );
        events.push(`data: ${JSON.stringify({ response: '', usage })}`, 'data: [DONE]');
        return { status: 200, contentType: 'text/event-stream', body: events.join('\n\n') };
      }
      return json({ response: reply, usage });
    }

    const imageOf = async (value: unknown): Promise<{ bytes: Uint8Array; colour: string }> => {
      const bytes = Array.isArray(value)
        ? Uint8Array.from(value as number[])
        : typeof value === 'string'
          ? new Uint8Array(Buffer.from(value.replace(/^data:[^,]*,/, ''), 'base64'))
          : undefined;
      if (!bytes) throw new FakeFailure(400, 5006, badInput(`required properties at '/' are 'image'`));
      try {
        return { bytes, colour: nearestColour(await meanColour(bytes)) };
      } catch {
        throw new FakeFailure(400, 8006, 'Invalid data for image - not a readable image');
      }
    };

    if (contract.kind === 'vision-llama') {
      if (!agreed)
        throw new FakeFailure(
          403,
          5016,
          "Prior to using this model, you must submit the prompt 'agree' to accept the Llama 3.2 Community License.",
        );
      const { bytes, colour } = await imageOf(inputs.image);
      const p = judge({ question: String(inputs.prompt ?? ''), image: bytes, colour }).yesProbability;
      return json({ response: p >= 0.5 ? `Yes. The image is ${colour}.` : `No. The image is ${colour}.` });
    }
    if (contract.kind === 'llava') {
      const { bytes, colour } = await imageOf(inputs.image);
      const p = judge({ question: String(inputs.prompt ?? ''), image: bytes, colour }).yesProbability;
      return json({ description: `${p >= 0.5 ? 'Yes' : 'No'}, the picture is plain ${colour}.` });
    }
    if (contract.kind === 'resnet') {
      const { colour } = await imageOf(inputs.image);
      return json([
        { label: `${colour.toUpperCase()} SQUARE`, score: 0.71 },
        { label: 'BACKGROUND', score: 0.12 },
      ]);
    }
    // clef
    const questions = inputs.questions as
      | Record<string, { type?: string; instructions?: string }>
      | undefined;
    if (
      typeof questions !== 'object' ||
      questions === null ||
      Object.keys(questions).length < 1 ||
      Object.keys(questions).length > 64
    ) {
      throw new FakeFailure(400, 5006, badInput(`'/questions' must have 1 to 64 entries`));
    }
    const images = (inputs.images as { content_type?: string; base64?: string }[] | undefined) ?? [];
    if (!Array.isArray(images) || images.length > 4)
      throw new FakeFailure(400, 5006, badInput(`'/images' must have at most 4 items`));
    const first = images[0];
    const judged = first ? await imageOf(first.base64) : undefined;
    const answers: Record<string, { noul: number }> = {};
    for (const [id, question] of Object.entries(questions)) {
      if (question.type !== 'noul')
        throw new FakeFailure(400, 5006, badInput(`'/questions/${id}/type' must be noul, choice or score`));
      answers[id] = {
        noul: judged
          ? judge({ question: question.instructions ?? '', image: judged.bytes, colour: judged.colour })
              .yesProbability
          : 0.5,
      };
    }
    return json({
      model: inputs.model ?? 'clef',
      answers,
      usage: { input_tokens: 300, output_tokens: Object.keys(answers).length },
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseURL: `${url}/client/v4`,
    gatewayBaseURL: `${url}/gateway/v1`,
    accountId,
    token,
    settings: {
      accountId,
      apiToken: token,
      baseURL: `${url}/client/v4`,
      gatewayBaseURL: `${url}/gateway/v1`,
    },
    requests,
    get agreed() {
      return agreed;
    },
    get openSockets() {
      return sockets.size;
    },
    setBehaviour(behaviour, scope = {}) {
      if (behaviour === null) rules = [];
      else rules.unshift({ behaviour, scope, left: scope.times ?? Number.POSITIVE_INFINITY });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
