import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { READINESS_CHECKS, type ReadinessCheck } from './readiness-check';

/**
 * Terminus's own answer ({ status, info, error, details }), documented here rather than by @HealthCheck, whose
 * documentation appears only when it manages to require @nestjs/swagger itself (not under Jest's ESM mode).
 */
const CHECKS: SchemaObject = { type: 'object', additionalProperties: { type: 'object', required: ['status'], properties: { status: { type: 'string' } } } };
const readiness = (status: string[]): SchemaObject => ({
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: status }, info: CHECKS, error: CHECKS, details: CHECKS },
});

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  /** The process is up and its event loop answers; no dependency is consulted. */
  @Get('live')
  @ApiOkResponse({ description: 'The process is alive', schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } }, required: ['status'] } })
  live() {
    return { status: 'ok' };
  }

  /** Every dependency the app needs answers. */
  @Get('ready')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOkResponse({ description: 'All dependencies are up', schema: readiness(['ok']) })
  @ApiServiceUnavailableResponse({ description: 'At least one dependency is down', schema: readiness(['error', 'shutting_down']) })
  ready() {
    return this.health.check(this.checks.map((c) => () => c.check()));
  }
}
