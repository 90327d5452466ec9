/**
 * Serves the web dashboard (web/, built by `npm run build` into dist/web, which the package ships) beside the
 * API: its files with their content types, the hashed assets cached for a year and the rest revalidated, gzip
 * where the browser takes it, and index.html for any other GET outside /api so that the dashboard's own paths
 * (/forecast, /deals?owner=...) load on a reload or a shared link. Only the files found in the folder when the
 * server starts are served, looked up by exact path: a request cannot reach outside it.
 * @module
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';

/**
 * dist/web of this package: two folders up from this module, whether it runs built (dist/server) or from source
 * (src/server, in tests and tsx), is the package's root.
 */
export const DASHBOARD_FOLDER = fileURLToPath(new URL('../../dist/web/', import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Types worth compressing: text. Images and fonts are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.map', '.svg', '.txt']);

/** Vite names built assets with a content hash (index-DPW16kca.js), so a changed file has a new name. */
const HASHED_ASSET = /^\/assets\//;

/**
 * The dashboard runs only its own scripts and talks only to this server; styles may be inline (the chart
 * library sets style attributes); no page may frame it.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

interface Asset {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly gzipped: Uint8Array<ArrayBuffer> | null;
  readonly type: string;
  readonly etag: string;
  readonly cacheControl: string;
}

export interface Dashboard {
  /** URL path (`/index.html`, `/assets/index-DPW16kca.js`) to file. */
  readonly assets: ReadonlyMap<string, Asset>;
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function assetOf(urlPath: string, body: Uint8Array<ArrayBuffer>): Asset {
  const extension = extname(urlPath).toLowerCase();
  // Small files gain nothing from gzip (its header outweighs the saving).
  const gzipped =
    COMPRESSIBLE.has(extension) && body.length > 1024 ? new Uint8Array(gzipSync(body, { level: 9 })) : null;
  return {
    body,
    gzipped,
    type: CONTENT_TYPES[extension] ?? 'application/octet-stream',
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    cacheControl: HASHED_ASSET.test(urlPath) ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
}

/**
 * The built dashboard in `folder`, read once (it is a few hundred KB); null when it has not been built, as in a
 * checkout where `npm run build` has not run.
 */
export function loadDashboard(folder: string = DASHBOARD_FOLDER): Dashboard | null {
  if (!existsSync(join(folder, 'index.html'))) return null;
  const assets = new Map<string, Asset>();
  for (const file of filesUnder(folder)) {
    const urlPath = `/${relative(folder, file).split(sep).join('/')}`;
    assets.set(urlPath, assetOf(urlPath, new Uint8Array(readFileSync(file))));
  }
  return { assets };
}

/** The last path segment has an extension: a request for a file, which gets a 404 rather than the page. */
const FILE_REQUEST = /\/[^/]*\.[^/]*$/;

function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

function accepts(header: string | undefined, encoding: string): boolean {
  return (header ?? '').split(',').some((part) => {
    const [name, ...parameters] = part.trim().split(';');
    const refused = parameters.some((parameter) => /^\s*q=0(\.0*)?\s*$/.test(parameter));
    return name?.trim().toLowerCase() === encoding && !refused;
  });
}

/**
 * Answers GET and HEAD outside /api from the dashboard, and passes everything else on (to the API's routes and
 * its JSON 404 and 405). Without a built dashboard, such a request gets a 404 that says how to build it.
 */
export function serveDashboard(dashboard: Dashboard | null): MiddlewareHandler {
  return async (c, next) => {
    const method = c.req.method;
    const path = c.req.path;
    if ((method !== 'GET' && method !== 'HEAD') || isApiPath(path)) return next();
    if (!dashboard) {
      return c.text(
        'The web dashboard is not built. Run `npm run build` in the salesops package (it builds dist/web), then restart salesops serve. The API is at /api (GET /api/openapi.json).',
        404,
      );
    }
    const asset =
      dashboard.assets.get(path === '/' ? '/index.html' : path) ??
      (FILE_REQUEST.test(path) ? undefined : dashboard.assets.get('/index.html'));
    if (!asset) return c.text(`No file ${path} in the dashboard.`, 404);
    c.header('Content-Type', asset.type);
    c.header('Cache-Control', asset.cacheControl);
    c.header('ETag', asset.etag);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Vary', 'Accept-Encoding');
    if (asset.type.startsWith('text/html')) {
      c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      c.header('Referrer-Policy', 'no-referrer');
    }
    if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304);
    const body =
      asset.gzipped !== null && accepts(c.req.header('accept-encoding'), 'gzip') ? asset.gzipped : asset.body;
    if (body === asset.gzipped) c.header('Content-Encoding', 'gzip');
    c.header('Content-Length', String(body.length));
    return method === 'HEAD' ? c.body(null, 200) : c.body(body, 200);
  };
}
