/**
 * CORS of the datafile and OFREP endpoints: browser SDKs read them from any origin, and read the
 * validators (`ETag`, `Last-Modified`) they poll with. Their datafile GET carries
 * `If-Modified-Since` and maybe `Authorization`, their OFREP POST is JSON: both are preflighted.
 */
export const SDK_CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'etag, last-modified',
} as const;

/** The same, as the flat name/value list `writeHead` takes. */
export const SDK_CORS_HEADERS: readonly string[] = Object.entries(SDK_CORS).flat();

export const SDK_PREFLIGHT = {
  ...SDK_CORS,
  'access-control-allow-methods': 'GET, HEAD, POST, OPTIONS',
  'access-control-allow-headers': 'content-type, if-modified-since, if-none-match, authorization, x-api-key',
  'access-control-max-age': '86400',
} as const;
