import { runApp } from '@chat/app-runtime';

// The app is loaded inside runApp so that a configuration error, raised while it loads, is reported in one line.
void runApp('api', async () => (await import('./api.app')).createApiApp());
