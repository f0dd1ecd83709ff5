/** Steps the new-feature browser tests share: a clean cluster in causal mode, and waits on the lab. */
import { expect, type Page } from "@playwright/test";
import type { LabFixture } from "./labTest";

/** Every replica up, the cluster reset to a fresh epoch, causal delivery and healthy links. */
export async function freshLab(page: Page, lab: LabFixture): Promise<void> {
  const ids = Object.keys(lab.replicas);
  await Promise.all(
    ids.map(async (id) => {
      const client = lab.client(id);
      await client.setMode("causal");
      await Promise.all(
        ids
          .filter((peer) => peer !== id)
          .map((peer) =>
            client.setLink(peer, {
              delayMs: 0,
              jitterMs: 0,
              dropRate: 0,
              partitioned: false,
              hold: false,
            }),
          ),
      );
    }),
  );
  await openResetLab(page, lab.url, ids);
}

/** Opens the lab at `url`, waits until every replica in `ids` is up, and resets the cluster. */
export async function openResetLab(page: Page, url: string, ids: readonly string[]): Promise<void> {
  await page.goto(url);
  for (const id of ids) {
    await expect(
      page.getByRole("region", { name: `Replica ${id}` }).getByText("up", { exact: true }),
    ).toBeVisible();
  }
  await settlePace(page);
  await page.getByRole("button", { name: "Reset cluster" }).click();
  await expect(page.getByRole("listbox", { name: "Events" }).getByRole("option")).toHaveCount(0);
}

/** node1 writes x; node2 sees it and writes y; node1 → node3 is slow, so y reaches node3 first. */
export async function overtake(lab: LabFixture): Promise<void> {
  await lab.client("node1").setLink("node3", { delayMs: 1500 });
  await lab.client("node1").put("x", "1");
  await expect.poll(async () => (await lab.client("node2").get("x"))?.values.length).toBe(1);
  await lab.client("node2").put("y", "2");
}

/**
 * The lab's pace back to its defaults (the lab server keeps it across tests): no run going, not
 * paused, no stepped messages, no questions.
 */
export async function settlePace(page: Page): Promise<void> {
  const controls = page.getByRole("group", { name: "Run controls" });
  await expect(controls).toBeVisible();
  const stop = controls.getByRole("button", { name: "Stop" });
  if (await stop.isVisible()) await stop.click();
  const resume = controls.getByRole("button", { name: "Resume" });
  if (await resume.isVisible()) await resume.click();
  for (const name of ["Step messages", "Ask questions"]) {
    const box = controls.getByRole("checkbox", { name });
    // Controlled by the server's state: click, then wait for the state to come back.
    if (await box.isChecked()) await box.click();
    await expect(box).not.toBeChecked();
  }
  await expect(controls.getByRole("button", { name: "Pause" })).toBeVisible();
  await expect(page.locator(".scenario-run.running")).toHaveCount(0);
}
