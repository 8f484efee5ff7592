export { MongoReadiness, RedisReadiness } from './dependency-checks';
export { HealthModule } from './health.module';
export { type ReadinessCheck } from './readiness-check';
