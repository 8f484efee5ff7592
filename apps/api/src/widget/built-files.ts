import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Request, Response } from 'express';

/**
 * Where `npm run build` puts the widget and the demo page (apps/widget/build.mjs). The apps run from the checkout
 * (bin/run, tests) or the image's /app (Dockerfile), so it is found from the working directory.
 */
export const WIDGET_DIST = resolve(process.cwd(), 'dist/widget');

export interface WidgetManifest {
  version: string;
  major: number;
  file: string;
  sha256: string;
}

export class WidgetNotBuilt extends Error {
  constructor(path: string) {
    super(`the chat widget is not built on this server: ${path} is missing (run \`npm run build\`)`);
  }
}

export async function readManifest(): Promise<WidgetManifest> {
  const path = resolve(WIDGET_DIST, 'manifest.json');
  try {
    return JSON.parse(await readFile(path, 'utf8')) as WidgetManifest;
  } catch {
    throw new WidgetNotBuilt(path);
  }
}

/** A missing build is the server's fault, said plainly, in the api's `{ error, message }` shape. */
export function answerNotBuilt(res: Response, error: WidgetNotBuilt): void {
  res.status(500).json({ error: 'internal', message: error.message });
}

/**
 * Streams a built file with its headers. When `precompressed` is set and the client accepts it, the brotli or gzip
 * copy written by the build is sent instead (no compression work per request).
 */
export async function sendBuiltFile(
  req: Request,
  res: Response,
  name: string,
  options: { contentType: string; cacheControl: string; etag?: string; precompressed?: boolean; headers?: Record<string, string> },
): Promise<void> {
  const accepted = String(req.headers['accept-encoding'] ?? '');
  const encodings = options.precompressed
    ? (
        [
          ['br', '.br'],
          ['gzip', '.gz'],
        ] as const
      ).filter(([coding]) => new RegExp(`\\b${coding}\\b`).test(accepted))
    : [];
  let chosen: { path: string; size: number; coding?: string } | undefined;
  for (const [coding, suffix] of [...encodings, [undefined, ''] as const]) {
    const path = resolve(WIDGET_DIST, name + suffix);
    const info = await stat(path).catch(() => undefined);
    if (info?.isFile()) {
      chosen = { path, size: info.size, coding };
      break;
    }
  }
  if (!chosen) return answerNotBuilt(res, new WidgetNotBuilt(resolve(WIDGET_DIST, name)));

  res.setHeader('Content-Type', options.contentType);
  res.setHeader('Cache-Control', options.cacheControl);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  for (const [header, value] of Object.entries(options.headers ?? {})) res.setHeader(header, value);
  if (options.precompressed) res.vary('Accept-Encoding');
  if (options.etag) {
    // One tag per encoding: caches must not hand a gzip body to a client that asked for brotli.
    const etag = `"${options.etag}${chosen.coding ? `-${chosen.coding}` : ''}"`;
    res.setHeader('ETag', etag);
    if (
      String(req.headers['if-none-match'] ?? '')
        .split(/\s*,\s*/)
        .includes(etag)
    ) {
      res.status(304).end();
      return;
    }
  }
  if (chosen.coding) res.setHeader('Content-Encoding', chosen.coding);
  res.setHeader('Content-Length', String(chosen.size));
  if (req.method === 'HEAD') {
    res.status(200).end();
    return;
  }
  res.status(200);
  await new Promise<void>((done) => {
    const stream = createReadStream(chosen.path);
    stream.once('error', () => {
      res.destroy();
      done();
    });
    stream.once('end', done);
    stream.pipe(res);
  });
}
