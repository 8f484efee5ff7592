import type { HealthIndicatorResult } from '@nestjs/terminus';

/** One dependency an app needs before it can serve; listed by GET /health/ready. */
export interface ReadinessCheck {
  check(): PromiseLike<HealthIndicatorResult>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
