import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import type { LocalService } from '../../lib/toolkit/server/start-local';

/** Debian's Chromium (.ci/run installs it); CHROMIUM_PATH for a browser elsewhere. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/** Headless Chromium on a throwaway profile, offline (no background traffic of its own). */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run installs it)`);
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'order-workflow-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1440, height: 1000 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  return {
    context,
    page,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Watches a page for what the console must never do: request anything but the endpoint (it works
 * offline, no CDN) or throw. Call the returned check after each test.
 */
export function watchPage(page: Page): { expectOfflineAndQuiet(endpointUrl: string): void } {
  const requests: string[] = [];
  const pageErrors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return {
    expectOfflineAndQuiet: (endpointUrl) => {
      expect(requests.filter((url) => !url.startsWith(endpointUrl) && !url.startsWith('data:'))).toEqual([]);
      expect(pageErrors).toEqual([]);
    },
  };
}

/** The console's own page state that the checks read (the project compiles without the DOM library). */
interface StatusGlobals {
  readonly document: { querySelector(selector: string): { textContent: string | null } | null };
}

/** Waits until the execution page shows `status` (it follows the execution without a reload). */
export function executionStatusIs(page: Page, status: string) {
  return page.waitForFunction(
    (s) =>
      (globalThis as unknown as StatusGlobals).document.querySelector('#execution-status')?.textContent === s,
    status,
  );
}

/** A local service's console in Chromium, for the tests of one describe block. */
export interface ConsoleInChromium {
  readonly local: LocalService;
  readonly page: Page;
}

/**
 * Starts the service and the browser before the block's tests (side by side), closes both after
 * them, and checks after each test that the page stayed offline and threw nothing (watchPage).
 */
export function consoleInChromium(start: () => Promise<LocalService>): ConsoleInChromium {
  let local: LocalService | undefined;
  let browser: Browser | undefined;
  let watched: ReturnType<typeof watchPage>;
  beforeAll(async () => {
    [local, browser] = await Promise.all([start(), launchChromium()]);
    watched = watchPage(browser.page);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await local?.close();
  });
  afterEach(() => watched.expectOfflineAndQuiet(local!.url));
  return {
    get local() {
      return local!;
    },
    get page() {
      return browser!.page;
    },
  };
}
