import { causalChain } from "@causal-kv/scenarios";
import { freshLab } from "./labPage";
import { expect, test } from "./labTest";

test("the replay scrubber shows each replica's clock, store and buffer as they were", async ({
  page,
  lab,
}) => {
  await freshLab(page, lab);
  await page.getByRole("button", { name: causalChain.title, exact: true }).click();
  await expect(page.locator(".scenario-run .phase")).toHaveText("done", { timeout: 45_000 });

  const scrubber = page.getByRole("slider", { name: "Replay" });
  const node3 = page.getByRole("region", { name: "Replica node3" });
  await scrubber.focus();
  await page.keyboard.press("Home");
  await expect(node3.getByText(/^at /)).toBeVisible();
  // Step through the run until node3 holds y in its buffer, waiting for x.
  await expect
    .poll(async () => {
      if ((await page.getByRole("list", { name: "node3 buffer" }).count()) > 0) return "buffered";
      await page.keyboard.press("ArrowRight");
      return "stepping";
    })
    .toBe("buffered");
  await expect(page.getByRole("list", { name: "node3 buffer" })).toContainText(
    "y=2 from node2 waits for node1's write #1",
  );
  await expect(node3.getByText("empty")).toBeVisible();
  await expect(node3.locator('[data-clock-entry="node1"]')).toHaveText("0");

  await page.keyboard.press("End");
  await expect(node3.getByText("nothing waiting")).toBeVisible();
  await expect(page.getByRole("list", { name: "node3 store" })).toContainText("x = 1");
  await expect(node3.locator('[data-clock-entry="node1"]')).toHaveText("1");

  await page.getByRole("button", { name: "Back to now" }).click();
  await expect(node3.getByText(/^at /)).toHaveCount(0);
  await expect(node3.getByText("up", { exact: true })).toBeVisible();
});
