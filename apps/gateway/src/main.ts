import { createApp, runApp } from '@chat/app-runtime';

// The module is loaded inside runApp so that a configuration error, raised while it loads, is reported in one line.
void runApp('gateway', async () => createApp((await import('./gateway.module')).GatewayModule));
