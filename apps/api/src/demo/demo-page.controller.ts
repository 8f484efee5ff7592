import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { sendBuiltFile } from '../widget/built-files';

/**
 * What the demo page may do, and nothing else: its own scripts and styles, the widget (same origin), the api
 * over fetch and Socket.IO ('self' covers ws: and wss: of the same host). The widget's shadow roots adopt
 * constructed stylesheets, which need no 'unsafe-inline'.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_HEADERS = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY' };

/**
 * The demo intranet (DEMO_TOKEN_ISSUER=enabled only): sign in as a seeded user, a staff directory with presence
 * badges, and the chat panel. Its files are built with the widget (apps/widget/demo → dist/widget/demo).
 */
@ApiExcludeController()
@Controller('demo')
export class DemoPageController {
  @Get()
  page(@Req() req: Request, @Res() res: Response): Promise<void> {
    return sendBuiltFile(req, res, 'demo/index.html', { contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache', headers: PAGE_HEADERS });
  }

  @Get('demo-page.js')
  script(@Req() req: Request, @Res() res: Response): Promise<void> {
    return sendBuiltFile(req, res, 'demo/demo-page.js', { contentType: 'text/javascript; charset=utf-8', cacheControl: 'no-cache' });
  }

  @Get('demo-page.css')
  style(@Req() req: Request, @Res() res: Response): Promise<void> {
    return sendBuiltFile(req, res, 'demo/demo-page.css', { contentType: 'text/css; charset=utf-8', cacheControl: 'no-cache' });
  }
}
