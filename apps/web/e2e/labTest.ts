/**
 * The browser tests' fixtures: the lab that globalSetup started, an HTTP client per replica, and a
 * page that fails every test on any console error (a down replica's refused sockets can be allowed).
 */
import { ReplicaClient } from "@causal-kv/client";
import { test as base, expect } from "@playwright/test";

export interface LabFixture {
  readonly url: string;
  readonly replicas: Readonly<Record<string, string>>;
  client(id: string): ReplicaClient;
}

export const test = base.extend<{
  lab: LabFixture;
  allowRefusedConnections: boolean;
  consoleErrors: string[];
}>({
  allowRefusedConnections: [false, { option: true }],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
  lab: async ({}, use) => {
    const url = process.env.LAB_URL;
    const replicas = JSON.parse(process.env.LAB_REPLICAS ?? "{}") as Record<string, string>;
    if (!url) throw new Error("LAB_URL is not set: the lab was not started by globalSetup");
    await use({
      url,
      replicas,
      client: (id) => {
        const at = replicas[id];
        if (!at) throw new Error(`no replica ${id}`);
        return new ReplicaClient(at, { token: process.env.LAB_ADMIN_TOKEN });
      },
    });
  },
  // Automatic: every test fails on a console error without having to ask for the fixture.
  consoleErrors: [
    async ({ page, allowRefusedConnections }, use) => {
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() !== "error") return;
        const text = message.text();
        if (
          allowRefusedConnections &&
          /ERR_CONNECTION_REFUSED|WebSocket connection to .* failed|Failed to load resource/.test(
            text,
          )
        )
          return;
        errors.push(text);
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await use(errors);
      expect(errors, "console errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
