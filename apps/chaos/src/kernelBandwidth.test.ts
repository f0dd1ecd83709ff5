/** Bandwidth caps on a real `--hosts` network: a tbf qdisc on the host's veth end, set and lifted. */
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HostsRun, openHostsRun } from "./hostsRun.js";
import { hostsSuiteTitle, hostTools, requiredHostTools } from "./namespaceProbes.testkit.js";

describe.skipIf(!hostTools)(hostsSuiteTitle("kernel bandwidth caps"), () => {
  let run: HostsRun;
  const qdisc = () =>
    execFileSync(
      requiredHostTools().tc,
      ["-n", `ckv${process.pid}n2`, "qdisc", "show", "dev", `ckv${process.pid}p2`],
      { encoding: "utf8" },
    );

  beforeAll(async () => {
    run = await openHostsRun(["node1", "node2"]);
  });

  afterAll(() => run?.close());

  it("caps a host's outgoing rate with tbf and lifts it", async () => {
    await run.bandwidth.cap("node2", 256);
    expect(qdisc()).toMatch(/tbf .*rate 256Kbit/);
    await run.bandwidth.lift("node2");
    expect(qdisc()).not.toMatch(/tbf/);
  });

  it("runs drawn caps on time and leaves none", async () => {
    const startedAt = performance.now();
    await run.bandwidth.run([
      { host: "node1", startMs: 0, endMs: 300, rateKbit: 128 },
      { host: "node2", startMs: 100, endMs: 400, rateKbit: 512 },
    ]);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(390);
    expect(run.bandwidth.tally).toEqual({ caps: 3, lifted: 3 });
    expect(qdisc()).not.toMatch(/tbf/);
  });
});
