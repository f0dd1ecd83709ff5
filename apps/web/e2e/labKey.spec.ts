/**
 * LAB_KEY: a browser that has not entered the key watches (badge, every control disabled), and the
 * lab server refuses its changes even when it sends them itself; once it enters the key it controls.
 */
import { openResetLab } from "./labPage";
import { expect, test } from "./labTest";
import { startLabServer } from "./startTestLab";

let keyed: { url: string; stop(): Promise<void> } | undefined;

test.beforeAll(async () => {
  const replicas = JSON.parse(process.env.LAB_REPLICAS ?? "{}") as Record<string, string>;
  keyed = await startLabServer(replicas, { LAB_KEY: "teach-causality" });
});

test.afterAll(() => keyed?.stop());

test("without the lab key a viewer watches and cannot change anything; with it, it can", async ({
  page,
  lab,
}) => {
  if (!keyed) throw new Error("the keyed lab server did not start");
  const ids = Object.keys(lab.replicas);
  await page.goto(keyed.url);
  for (const id of ids)
    await expect(
      page.getByRole("region", { name: `Replica ${id}` }).getByText("up", { exact: true }),
    ).toBeVisible();
  // The watcher streams like anyone else: a write made elsewhere shows up.
  await lab.client("node1").put("watched", "yes");
  await expect(page.getByRole("list", { name: "node2 store" })).toContainText("watched = yes");

  await expect(page.getByRole("status").filter({ hasText: "watching" })).toBeVisible();
  const controls = [
    page.getByRole("button", { name: "Put" }),
    page.getByRole("button", { name: "Causal chain", exact: true }),
    page.getByRole("button", { name: "Reset cluster" }),
    page.getByRole("switch", { name: "Naive delivery" }),
    page.getByRole("group", { name: "Run controls" }).getByRole("button", { name: "Pause" }),
    page
      .getByRole("group", { name: "Run controls" })
      .getByRole("checkbox", { name: "Step messages" }),
  ];
  for (const control of controls) await expect(control).toBeDisabled();
  // The page's own code is not what stops it: the lab server refuses the request itself.
  const reset = () => page.request.post(`${keyed?.url}/replicas/node1/control/reset`, { data: {} });
  const refused = await reset();
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toMatchObject({ error: { code: "lab-key-required" } });
  const write = await page.request.put(`${keyed.url}/replicas/node1/kv/sneaky`, {
    data: { value: "no" },
  });
  expect(write.status()).toBe(403);
  expect(await lab.client("node1").get("sneaky")).toBeUndefined();

  const keyField = page.getByRole("textbox", { name: "Lab key" });
  await keyField.fill("a guess");
  await page.getByRole("button", { name: "Enter" }).click();
  await expect(page.getByRole("form", { name: "Lab key form" }).getByRole("alert")).toContainText(
    "not the lab key",
  );
  await keyField.fill("teach-causality");
  await page.getByRole("button", { name: "Enter" }).click();
  await expect(page.getByText("controlling")).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "watching" })).toHaveCount(0);
  for (const control of controls) await expect(control).toBeEnabled();
  expect((await reset()).status()).toBe(200);

  // A reload keeps the role: it is the browser's cookie, checked by the server.
  await openResetLab(page, keyed.url, ids);
  await expect(page.getByText("controlling")).toBeVisible();
});
