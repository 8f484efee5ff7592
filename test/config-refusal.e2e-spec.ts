import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT } from './support/stack';

/** Runs a built app with the given environment; resolves with its exit code and stderr. */
function runBuilt(app: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const main = resolve(REPO_ROOT, `dist/apps/${app}/src/main.js`);
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (npm run build, which bin/test does)`);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [main], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${app} did not exit within 20 s on a malformed configuration`));
    }, 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stderr });
    });
  });
}

describe('each app refuses a malformed configuration, naming the variable', () => {
  it.each([
    ['gateway', { XMPP_COMPONENT_URL: 'http://127.0.0.1:5347' }, 'XMPP_COMPONENT_URL'],
    ['gateway', { XMPP_COMPONENT_SECRET: 'short' }, 'XMPP_COMPONENT_SECRET'],
    ['api', { MONGO_URL: 'mysql://127.0.0.1' }, 'MONGO_URL'],
    ['api', { NODE_ENV: 'production' }, 'AUTH_JWT_SECRET'],
    ['worker', { REDIS_URL: 'not a url' }, 'REDIS_URL'],
    ['worker', { HTTP_PORT: '-1' }, 'HTTP_PORT'],
  ])('%s with %j', async (app, env, variable) => {
    const { code, stderr } = await runBuilt(app, env);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^${app}: cannot start: invalid configuration: .*${variable}: `))]);
  });

  it('never prints the value of a rejected secret', async () => {
    const { stderr } = await runBuilt('gateway', { XMPP_COMPONENT_SECRET: 'hunter2' });
    expect(stderr).toContain('XMPP_COMPONENT_SECRET');
    expect(stderr).not.toContain('hunter2');
  });
});
