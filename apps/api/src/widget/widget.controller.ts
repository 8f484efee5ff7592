import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { RequestRefused } from '../requests/request-refused';
import { answerNotBuilt, readManifest, sendBuiltFile, WidgetNotBuilt } from './built-files';

// The major (v1) is what pages embed: they get compatible fixes within a day. An exact version never changes.
const MAJOR_CACHE = 'public, max-age=86400, stale-while-revalidate=604800';
const EXACT_CACHE = 'public, max-age=31536000, immutable';

/**
 * The embeddable chat widget, one script: `/widget/v1/chat-widget.js` (the current 1.x) or
 * `/widget/v1.0.0/chat-widget.js` (exactly that build). Served whatever the mode; it holds no data.
 */
@ApiExcludeController()
@Controller('widget')
export class WidgetController {
  @Get(':version/chat-widget.js')
  async script(@Param('version') version: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const asked = /^v(\d{1,4})(?:\.(\d{1,4}\.\d{1,4}))?$/.exec(version);
    if (!asked) throw new RequestRefused('not-found', 'the widget lives at /widget/v<major>/chat-widget.js');
    let manifest;
    try {
      manifest = await readManifest();
    } catch (error) {
      if (error instanceof WidgetNotBuilt) return answerNotBuilt(res, error);
      throw error;
    }
    const exact = asked[2] !== undefined;
    if (Number(asked[1]) !== manifest.major || (exact && version.slice(1) !== manifest.version)) {
      throw new RequestRefused('not-found', `no chat widget ${version} here: this server has ${manifest.version} at /widget/v${manifest.major}/chat-widget.js`);
    }
    await sendBuiltFile(req, res, manifest.file, {
      contentType: 'text/javascript; charset=utf-8',
      cacheControl: exact ? EXACT_CACHE : MAJOR_CACHE,
      etag: manifest.sha256,
      precompressed: true,
      // Intranet pages on other origins embed it, including those isolated with Cross-Origin-Embedder-Policy.
      headers: { 'Cross-Origin-Resource-Policy': 'cross-origin', 'X-Widget-Version': manifest.version },
    });
  }
}
