/**
 * The AI Gateway response headers copied into `providerMetadata['workers-ai'].gateway`: an allowlist,
 * each value checked against the shape the gateway documents, so a hostile gateway or proxy cannot
 * route anything (an echoed token, say) into results, caches or logs through a header.
 */
const ALLOWED: readonly { header: string; key: string; shape: RegExp }[] = [
  {
    header: 'cf-aig-cache-status',
    key: 'cacheStatus',
    shape: /^(HIT|MISS|BYPASS|EXPIRED|STALE|UPDATING|REVALIDATED|DYNAMIC)$/i,
  },
  { header: 'cf-aig-log-id', key: 'logId', shape: /^[A-Za-z0-9-]{1,64}$/ },
];

/** The allowed gateway headers present in `headers` with a valid value, or undefined when none. */
export function gatewayResponseMetadata(headers: Headers): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const { header, key, shape } of ALLOWED) {
    const value = headers.get(header);
    if (value !== null && shape.test(value)) out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
