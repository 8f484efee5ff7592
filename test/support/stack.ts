import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The checkout's root, found from the working directory (suites run as ES modules, without __dirname). */
export const REPO_ROOT = (() => {
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    if (existsSync(resolve(dir, 'nest-cli.json'))) return dir;
    if (dirname(dir) === dir) throw new Error('run the tests from inside the checkout');
  }
})();

/** Runs bin/stack against the test profile (used to stop and start a dependency mid-test). */
export async function stack(...args: string[]): Promise<string> {
  const { stdout } = await run(resolve(REPO_ROOT, 'bin/stack'), args, {
    env: { ...process.env, STACK_PROFILE: 'test' },
    timeout: 120_000,
  });
  return stdout;
}

/**
 * Polls until `probe` returns a value other than undefined or false, or fails after `timeoutMs`. False is "not yet",
 * like undefined, so that a probe written as a plain condition waits for it instead of passing at once.
 */
export async function eventually<T>(what: string, probe: () => Promise<T | false | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}
