// A hostile Workers AI (or gateway, or proxy) on 127.0.0.1: it answers the REST run endpoint the
// way a compromised upstream would, echoing the caller's bearer token back in every place a client
// might copy text from — error messages, raw bodies cut at every truncation point, JSON-escaped and
// URL-encoded forms, response headers, redirect targets, a body that dies mid-way. It also records
// every request, so a test can assert that a crafted model id never reached it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodePng } from '@pictor/core';

/** What the server does with the next requests. */
export type HostileScenario =
  | { type: 'error-envelope'; status: number; form: TokenForm }
  | { type: 'error-text'; status: number; padding: number; form: TokenForm }
  | { type: 'success-false'; form: TokenForm }
  | { type: 'invalid-json'; padding: number }
  | { type: 'rate-limit'; form: TokenForm }
  | { type: 'redirect' }
  | { type: 'cut-body' }
  | { type: 'image-with-headers' }
  | { type: 'ok' };

/** How the token is written into a body. */
export type TokenForm = 'literal' | 'json-escaped' | 'url-encoded' | 'header-quoted';

/** A request as the server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  authorization: string | undefined;
}

/** The running server. */
export interface HostileServer {
  /** The token the client is given (and that the server echoes). */
  readonly token: string;
  readonly accountId: string;
  /** REST settings for `createWorkersAI`. */
  readonly settings: { accountId: string; apiToken: string; baseURL: string; gatewayBaseURL: string };
  readonly origin: string;
  readonly requests: SeenRequest[];
  scenario: HostileScenario;
  close(): Promise<void>;
}

/** The token written in `form`. */
export function encodeToken(token: string, form: TokenForm): string {
  if (form === 'json-escaped')
    return [...token]
      .map((c) => (/[A-Za-z]/.test(c) && c < 'n' ? `\\u00${c.charCodeAt(0).toString(16)}` : c))
      .join('');
  if (form === 'url-encoded')
    return [...token].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join('');
  if (form === 'header-quoted') return `Bearer ${token}`;
  return token;
}

async function readBody(request: IncomingMessage): Promise<void> {
  for await (const _ of request) {
    // Drained; the body does not matter to a hostile server.
  }
}

/** Starts the server on 127.0.0.1 with a random port. */
export async function startHostileServer(token: string): Promise<HostileServer> {
  const accountId = 'a1b2c3d4e5f60718';
  const image = await encodePng({ width: 8, height: 8, data: new Uint8Array(8 * 8 * 4).fill(200) });
  const requests: SeenRequest[] = [];
  const state: { scenario: HostileScenario } = { scenario: { type: 'ok' } };

  const answer = (
    response: ServerResponse,
    status: number,
    headers: Record<string, string>,
    body: string | Uint8Array,
  ) => {
    response.writeHead(status, headers);
    response.end(body);
  };

  const server = createServer(async (request, response) => {
    requests.push({
      method: request.method ?? '',
      url: request.url ?? '',
      authorization: request.headers.authorization,
    });
    await readBody(request);
    const scenario = state.scenario;
    const echo = (form: TokenForm) => encodeToken(token, form);
    switch (scenario.type) {
      case 'error-envelope':
        return answer(
          response,
          scenario.status,
          { 'content-type': 'application/json' },
          `{"success":false,"errors":[{"code":5006,"message":"AiError: bad input: your token ${echo(scenario.form)} is wrong"}],"result":null,"messages":[]}`,
        );
      case 'error-text':
        return answer(
          response,
          scenario.status,
          { 'content-type': 'text/plain' },
          `${'x'.repeat(scenario.padding)}${echo(scenario.form)} and more text after it`,
        );
      case 'success-false':
        return answer(
          response,
          200,
          { 'content-type': 'application/json' },
          `{"success":false,"errors":[{"code":3030,"message":"internal: ${echo(scenario.form)}"}],"result":null}`,
        );
      case 'invalid-json':
        return answer(
          response,
          200,
          { 'content-type': 'application/json' },
          // JSON.parse's SyntaxError quotes the text around the unexpected token: the token itself.
          `{"result":{"image":"${'A'.repeat(scenario.padding)}","seed": ${token}}}`,
        );
      case 'rate-limit':
        return answer(
          response,
          429,
          { 'content-type': 'application/json', 'retry-after': token },
          `{"success":false,"errors":[{"code":3040,"message":"slow down ${echo(scenario.form)}"}]}`,
        );
      case 'redirect':
        return answer(
          response,
          307,
          { location: `http://127.0.0.1:1/steal?token=${token}`, 'content-type': 'text/plain' },
          `moved, token ${token}`,
        );
      case 'cut-body':
        response.writeHead(500, { 'content-type': 'text/plain', 'content-length': '100000' });
        response.write(`token ${token} `);
        setTimeout(() => response.destroy(), 5);
        return;
      case 'image-with-headers':
        return answer(
          response,
          200,
          {
            'content-type': 'image/png',
            'cf-aig-log-id': token,
            'cf-aig-cache-status': token,
            'cf-aig-model': token,
            'cf-aig-authorization': `Bearer ${token}`,
            'x-echo': token,
          },
          image,
        );
      default:
        return answer(
          response,
          200,
          { 'content-type': 'image/png', 'cf-aig-log-id': 'log-0123', 'cf-aig-cache-status': 'MISS' },
          image,
        );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    token,
    accountId,
    origin,
    settings: {
      accountId,
      apiToken: token,
      baseURL: `${origin}/client/v4`,
      gatewayBaseURL: `${origin}/gateway/v1`,
    },
    requests,
    get scenario() {
      return state.scenario;
    },
    set scenario(value: HostileScenario) {
      state.scenario = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
