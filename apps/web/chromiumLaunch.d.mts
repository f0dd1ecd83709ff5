/** Launch options for Playwright's `chromium`; throws if CHROMIUM_PATH names no browser. */
export function chromiumLaunchOptions(): { executablePath: string | undefined; args: string[] };
