import { z } from 'zod';

/**
 * AI Gateway options, the same over REST (as `cf-aig-*` headers on the gateway URL) and over the
 * binding (as the `gateway` run option). See Cloudflare's AI Gateway docs for each field.
 */
export interface GatewayOptions {
  /** The gateway's name; `default` auto-creates one. */
  id: string;
  /** Custom cache key (`cf-aig-cache-key`). */
  cacheKey?: string | undefined;
  /** Cache lifetime in seconds, 60 to one month (`cf-aig-cache-ttl`). */
  cacheTtl?: number | undefined;
  /** Bypass the cache for this request (`cf-aig-skip-cache`). */
  skipCache?: boolean | undefined;
  /** Flat metadata attached to the log entry (`cf-aig-metadata`): string, number, boolean or null values. */
  metadata?: Record<string, string | number | boolean | null> | undefined;
  /** Whether the gateway logs this request (`cf-aig-collect-log`). */
  collectLog?: boolean | undefined;
  /** Event id for tracing (`cf-aig-event-id`). */
  eventId?: string | undefined;
  /** Time to first byte before the gateway gives up, in ms (`cf-aig-request-timeout`). */
  requestTimeoutMs?: number | undefined;
  /** Token of an authenticated gateway (`cf-aig-authorization`), REST only; never logged. */
  authorization?: string | undefined;
}

/** The zod schema of `GatewayOptions`. */
export const gatewayOptionsSchema = z
  .object({
    id: z.string().min(1).max(64),
    cacheKey: z.string().min(1).optional(),
    cacheTtl: z.number().int().min(60).max(2_678_400).optional(),
    skipCache: z.boolean().optional(),
    metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
    collectLog: z.boolean().optional(),
    eventId: z.string().min(1).optional(),
    requestTimeoutMs: z.number().int().positive().optional(),
    authorization: z.string().min(1).optional(),
  })
  .strict();

/** The `cf-aig-*` request headers for REST calls through a gateway. */
export function gatewayHeaders(gateway: GatewayOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  if (gateway.cacheKey !== undefined) headers['cf-aig-cache-key'] = gateway.cacheKey;
  if (gateway.cacheTtl !== undefined) headers['cf-aig-cache-ttl'] = String(gateway.cacheTtl);
  if (gateway.skipCache !== undefined) headers['cf-aig-skip-cache'] = String(gateway.skipCache);
  if (gateway.metadata !== undefined) headers['cf-aig-metadata'] = JSON.stringify(gateway.metadata);
  if (gateway.collectLog !== undefined) headers['cf-aig-collect-log'] = String(gateway.collectLog);
  if (gateway.eventId !== undefined) headers['cf-aig-event-id'] = gateway.eventId;
  if (gateway.requestTimeoutMs !== undefined)
    headers['cf-aig-request-timeout'] = String(gateway.requestTimeoutMs);
  if (gateway.authorization !== undefined)
    headers['cf-aig-authorization'] = `Bearer ${gateway.authorization}`;
  return headers;
}

/** The binding's `gateway` run option (the binding needs no gateway token). */
export function bindingGateway(gateway: GatewayOptions): Record<string, unknown> {
  const { authorization: _token, ...rest } = gateway;
  return rest;
}
