export { appConfigModule, type TypedConfig } from './app-config.module';
export { ConfigValidationError } from './config-validation.error';
export { apiEnvSchema, baseEnvSchema, gatewayEnvSchema, workerEnvSchema, type ApiEnv, type BaseEnv, type GatewayEnv, type WorkerEnv } from './env-schemas';
export { parseEnv } from './parse-env';
