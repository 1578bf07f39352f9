import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
// brings the `window.__vatio` type (the console's read-only debug hook) into page.evaluate
import type {} from '../../console/src/lib/debug-hook.ts';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
export const SCREENSHOTS = join(REPO_ROOT, 'test-results');

/** The OS Chromium (never a downloaded one), without anything that phones home. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Builds console/dist the way `npm start` does, so the server under test serves this code. */
export function buildConsole(): void {
  execFileSync('npx', ['vite', 'build', '--config', 'console/vite.config.ts', '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `console-${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Uncaught exceptions and console errors of a page, for asserting a clean run. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // a 401 from /auth/me before signing in is the expected "no session" answer
    if (m.type() === 'error' && !m.text().includes('status of 401')) errors.push(`console: ${m.text()}`);
    // WebGL misuse shows up as a warning, not an error
    if (m.type() === 'warning' && m.text().startsWith('WebGL:')) errors.push(`webgl: ${m.text()}`);
  });
  return errors;
}
