// Where and how the browser tests and the dashboard benchmark start Chromium. Playwright cannot
// download browsers here: use CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own
// browser if one is installed. The flags let Chromium run as root in a container.
import { existsSync } from "node:fs";

const args = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Launch options for Playwright's `chromium`; throws if CHROMIUM_PATH names no browser. */
export function chromiumLaunchOptions() {
  const candidate = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (existsSync(candidate)) return { executablePath: candidate, args };
  if (process.env.CHROMIUM_PATH) {
    throw new Error(`CHROMIUM_PATH is ${process.env.CHROMIUM_PATH}, but there is no browser there`);
  }
  return { executablePath: undefined, args };
}
