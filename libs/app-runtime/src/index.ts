export { createApp } from './create-app';
export { loggingModule, REDACTED_LOG_PATHS } from './logging.module';
export { runApp } from './run-app';
