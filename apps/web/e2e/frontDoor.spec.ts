/**
 * One front door: the lab opened at two different loopback addresses (the lab server listens on
 * every interface, as with `npm start -- --host`) streams and controls the cluster from both, the
 * browser talking only to the address it opened.
 */

import { causalChain } from "@causal-kv/scenarios";
import type { Page } from "@playwright/test";
import { freshLab } from "./labPage";
import { expect, test } from "./labTest";

async function replicasUp(page: Page, ids: readonly string[]): Promise<void> {
  for (const id of ids)
    await expect(
      page.getByRole("region", { name: `Replica ${id}` }).getByText("up", { exact: true }),
    ).toBeVisible();
}

test("opened at 127.0.0.1 and at 127.0.0.2, both stream and both can write and run a scenario", async ({
  browser,
  page,
  lab,
}) => {
  const ids = Object.keys(lab.replicas);
  const at = (host: string) => {
    const url = new URL(lab.url);
    url.hostname = host;
    return url.origin;
  };
  await freshLab(page, lab);
  expect(new URL(page.url()).hostname).toBe("127.0.0.1");
  const other = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  try {
    const second = await other.newPage();
    const errors: string[] = [];
    second.on("pageerror", (error) => errors.push(error.message));
    second.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    const origins = new Set<string>();
    second.on("request", (request) => origins.add(new URL(request.url()).origin));
    await second.goto(at("127.0.0.2"));
    await replicasUp(second, ids);

    // A write from the second address reaches every replica, and the first page sees it live.
    const form = second.getByRole("form", { name: "Write form" });
    await form.getByLabel("Replica").selectOption("node2");
    await form.getByLabel("Key").fill("door");
    await form.getByLabel("Value").fill("two");
    await form.getByRole("button", { name: "Put" }).click();
    await expect(form.locator("output")).toContainText("node2 wrote door=two");
    for (const p of [page, second])
      await expect(p.getByRole("list", { name: "node3 store" })).toContainText("door = two");

    // A scenario run from the second address, then one from the first.
    for (const [runner, watcher] of [
      [second, page],
      [page, second],
    ] as const) {
      await runner.getByRole("button", { name: causalChain.title, exact: true }).click();
      // "done", not "failed": every request of the run went through the front door.
      await expect(runner.locator(".scenario-run .phase")).toHaveText("done", { timeout: 45_000 });
      const events = (p: Page) => p.getByRole("listbox", { name: "Events" }).getByRole("option");
      await expect(events(runner).last()).toContainText("delivered");
      await expect(events(watcher).last()).toHaveText(
        (await events(runner).last().textContent()) ?? "",
      );
      await expect(
        watcher.getByRole("region", { name: "Live verdict" }).locator('[data-verdict="causality"]'),
      ).toContainText("Causality held");
    }
    // The second page never asked any other origin: not the replicas, not 127.0.0.1.
    expect([...origins]).toEqual([at("127.0.0.2")]);
    expect(errors).toEqual([]);
  } finally {
    await other.close();
  }
});
