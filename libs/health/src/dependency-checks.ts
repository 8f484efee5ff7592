import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, MongooseHealthIndicator } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { REDIS_CLIENT } from '@chat/redis';
import type { ReadinessCheck } from './readiness-check';

const TIMEOUT_MS = 2000;

@Injectable()
export class MongoReadiness implements ReadinessCheck {
  constructor(private readonly mongoose: MongooseHealthIndicator) {}

  check() {
    return this.mongoose.pingCheck('mongo', { timeout: TIMEOUT_MS });
  }
}

@Injectable()
export class RedisReadiness implements ReadinessCheck {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
  ) {}

  check() {
    return this.indicators
      .check('redis')
      .attempt(async () => {
        await this.redis.ping();
      })
      .withTimeout(TIMEOUT_MS);
  }
}
