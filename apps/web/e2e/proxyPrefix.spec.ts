/**
 * The dashboard and its replicas behind one reverse proxy, each replica under its own path prefix
 * (`/lab/node1/…`): the browser's requests and its Socket.IO streams must keep the prefix.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { freePorts } from "@causal-kv/client/process";
import { type PrefixProxy, startPrefixProxy } from "@causal-kv/client/testkit/proxy";
import { openResetLab } from "./labPage";
import { expect, test } from "./labTest";

const webDir = join(import.meta.dirname, "..");
const nextBin = createRequire(join(webDir, "package.json")).resolve("next/dist/bin/next");

let proxy: PrefixProxy | undefined;
let dashboard: ChildProcess | undefined;

test.beforeAll(async () => {
  const replicas = JSON.parse(process.env.LAB_REPLICAS ?? "{}") as Record<string, string>;
  const ids = Object.keys(replicas);
  const routes: Record<string, string> = {};
  for (const id of ids) routes[`/lab/${id}`] = replicas[id] ?? "";
  proxy = await startPrefixProxy(routes);
  // A second production dashboard that knows the replicas only by the proxy's prefixes: the
  // first with a trailing slash, the others without.
  const list = ids.map((id, i) => `${id}=${proxy?.url}/lab/${id}${i === 0 ? "/" : ""}`);
  const [port] = await freePorts(1);
  dashboard = spawn(
    process.execPath,
    [nextBin, "start", webDir, "-p", String(port), "-H", "127.0.0.1"],
    {
      env: { ...process.env, PUBLIC_REPLICA_URLS: list.join(","), NEXT_TELEMETRY_DISABLED: "1" },
      stdio: "ignore",
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await expect
    .poll(
      () =>
        fetch(url).then(
          (answer) => answer.ok,
          () => false,
        ),
      { timeout: 30_000 },
    )
    .toBe(true);
  routes[""] = url;
});

test.afterAll(async () => {
  dashboard?.kill();
  await proxy?.close();
});

test("behind a reverse proxy at path prefixes, the lab streams, writes and runs a scenario", async ({
  page,
  lab,
}) => {
  if (!proxy) throw new Error("the proxy did not start");
  const ids = Object.keys(lab.replicas);
  await openResetLab(page, proxy.url, ids);

  const form = page.getByRole("form", { name: "Write form" });
  await form.getByLabel("Replica").selectOption("node1");
  await form.getByLabel("Key").fill("proxied");
  await form.getByLabel("Value").fill("yes");
  await form.getByRole("button", { name: "Put" }).click();
  await expect(form.locator("output")).toContainText("node1 wrote proxied=yes");
  // node3's store is fed by node3's stream, which reaches the browser through /lab/node3/.
  await expect(
    page.getByRole("list", { name: "node3 store" }).locator('li[data-key="proxied"]'),
  ).toContainText("yes");

  await page.getByRole("button", { name: "Causal chain", exact: true }).click();
  await expect(page.locator(".scenario-run .phase")).toHaveText("done", { timeout: 45_000 });

  const paths = proxy.requests.map((request) => request.split(" ")[1] ?? "");
  const toReplicas = paths.filter((path) => !/^\/($|_next\/|icon\.svg|favicon)/.test(path));
  expect(toReplicas.filter((path) => !/^\/lab\/node\d+\//.test(path))).toEqual([]);
  for (const id of ids) {
    expect(paths).toContainEqual(expect.stringMatching(`^/lab/${id}/socket\\.io/\\?`));
    expect(paths).toContain(`/lab/${id}/status`);
  }
  expect(paths).toContain("/lab/node1/kv/proxied");
});
