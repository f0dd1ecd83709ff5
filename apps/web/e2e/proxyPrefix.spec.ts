/**
 * Replicas behind a reverse proxy, each under its own path prefix (`/lab/node1/…`): a lab server
 * that knows them only by those addresses must keep the prefix on every request and stream.
 */
import { type PrefixProxy, startPrefixProxy } from "@causal-kv/client/testkit/proxy";
import { openResetLab } from "./labPage";
import { expect, test } from "./labTest";
import { startLabServer } from "./startTestLab";

let proxy: PrefixProxy | undefined;
let labServer: { url: string; stop(): Promise<void> } | undefined;

test.beforeAll(async () => {
  const replicas = JSON.parse(process.env.LAB_REPLICAS ?? "{}") as Record<string, string>;
  const routes: Record<string, string> = {};
  for (const [id, url] of Object.entries(replicas)) routes[`/lab/${id}`] = url;
  proxy = await startPrefixProxy(routes);
  // The first with a trailing slash, the others without.
  const prefixed = Object.fromEntries(
    Object.keys(replicas).map((id, i) => [id, `${proxy?.url}/lab/${id}${i === 0 ? "/" : ""}`]),
  );
  labServer = await startLabServer(prefixed);
});

test.afterAll(async () => {
  await labServer?.stop();
  await proxy?.close();
});

test("with replicas behind a reverse proxy at path prefixes, the lab streams, writes and runs a scenario", async ({
  page,
  lab,
}) => {
  if (!proxy || !labServer) throw new Error("the proxy or the lab server did not start");
  const ids = Object.keys(lab.replicas);
  await openResetLab(page, labServer.url, ids);

  const form = page.getByRole("form", { name: "Write form" });
  await form.getByLabel("Replica").selectOption("node1");
  await form.getByLabel("Key").fill("proxied");
  await form.getByLabel("Value").fill("yes");
  await form.getByRole("button", { name: "Put" }).click();
  await expect(form.locator("output")).toContainText("node1 wrote proxied=yes");
  // node3's store is fed by node3's stream, which reaches the lab server through /lab/node3/.
  await expect(
    page.getByRole("list", { name: "node3 store" }).locator('li[data-key="proxied"]'),
  ).toContainText("yes");

  await page.getByRole("button", { name: "Causal chain", exact: true }).click();
  await expect(page.locator(".scenario-run .phase")).toHaveText("done", { timeout: 45_000 });

  const paths = proxy.requests.map((request) => request.split(" ")[1] ?? "");
  expect(paths.filter((path) => !/^\/lab\/node\d+\//.test(path))).toEqual([]);
  for (const id of ids) {
    expect(paths).toContainEqual(expect.stringMatching(`^/lab/${id}/socket\\.io/\\?`));
    expect(paths).toContain(`/lab/${id}/status`);
  }
  expect(paths).toContain("/lab/node1/kv/proxied");
});
