import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import axe from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { eventually, REPO_ROOT } from './stack';

/** Debian's chromium (bin/browser installs it); playwright-core drives it, it downloads no browser of its own. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const SCREENSHOTS = resolve(REPO_ROOT, 'test-results/screenshots');

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run bin/browser (Debian's chromium), or set CHROMIUM_PATH`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

/** The api serves the widget from dist/widget: build it when this checkout has not been built yet. */
export async function ensureWidgetBuilt(): Promise<void> {
  if (existsSync(resolve(REPO_ROOT, 'dist/widget/manifest.json'))) return;
  await promisify(execFile)(process.execPath, [resolve(REPO_ROOT, 'apps/widget/build.mjs')], { cwd: REPO_ROOT, timeout: 60_000 });
}

/**
 * What must never happen on a page: an uncaught error, an error or warning in the console (a Content-Security-Policy
 * refusal is one, so is a failed catch-up), a dialog (what an injected `alert(1)` would open). Dialogs are
 * dismissed and recorded.
 */
export function recordProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('dialog', (dialog) => {
    problems.push(`dialog (${dialog.type()}): ${dialog.message()}`);
    void dialog.dismiss();
  });
  return problems;
}

/** Opens the demo page, its directory listing these users, and signs in (test users' password is `pw`). */
export async function signInToDemo(context: BrowserContext, apiUrl: string, user: string, directory: string[]): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems = recordProblems(page);
  await page.goto(`${apiUrl}/demo?lang=en&users=${directory.join(',')}`);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill('pw');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Staff directory' }).waitFor();
  return { page, problems };
}

/** Waits until the element's visible text matches. */
export async function waitForText(locator: Locator, expected: string | RegExp, timeoutMs = 20_000): Promise<string> {
  let last = '';
  try {
    return await eventually(
      `text ${expected}`,
      async () => {
        last = (await locator.innerText({ timeout: 1000 })).trim();
        return (typeof expected === 'string' ? last.includes(expected) : expected.test(last)) ? last : undefined;
      },
      timeoutMs,
    );
  } catch {
    throw new Error(`waited ${timeoutMs} ms for ${String(locator)} to read ${expected}; it reads ${JSON.stringify(last)}`);
  }
}

/** Waits until the element's attribute has this value. */
export async function waitForAttribute(locator: Locator, name: string, expected: string | RegExp, timeoutMs = 20_000): Promise<string> {
  let last: string | null = null;
  try {
    return await eventually(
      `${name}=${expected}`,
      async () => {
        last = await locator.getAttribute(name, { timeout: 1000 });
        return last !== null && (typeof expected === 'string' ? last === expected : expected.test(last)) ? last : undefined;
      },
      timeoutMs,
    );
  } catch {
    throw new Error(`waited ${timeoutMs} ms for ${String(locator)} to have ${name}=${expected}; it has ${JSON.stringify(last)}`);
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = resolve(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/**
 * axe-core's check of the page as it is now (shadow roots included). Evaluated through the DevTools protocol,
 * which the page's Content-Security-Policy does not apply to. Returns the serious and critical violations.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axe.source);
  const results = await page.evaluate<{ violations: AxeViolation[] }>(`axe.run(document, { resultTypes: ['violations'] })`);
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('\n')}`).join('\n');
}
