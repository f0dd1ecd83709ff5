/**
 * The supervisor on a small real process: a Node HTTP server on a free loopback port that prints
 * what it was given and exits on request, so restarts, stops and failures are the real thing.
 */
import { afterEach, describe, expect, test } from "vitest";
import { freePorts } from "./freePorts.js";
import { waitFor } from "./realReplicas.testkit.js";
import { SupervisedProcess, type SupervisedProcessOptions } from "./supervisedProcess.js";

const server = `
const http = require("node:http");
console.log("started with " + process.env.GREETING + ", HOME " + (process.env.HOME ?? "unset"));
process.stdout.write("a line in");
setTimeout(() => process.stdout.write(" two writes\\n"), 20);
http.createServer((req, res) => {
  res.end("ok");
  if (req.url === "/exit") setTimeout(() => process.exit(3), 10);
}).listen(Number(process.env.PORT), "127.0.0.1");
`;

const started: SupervisedProcess[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((child) => child.stop()));
});

async function serverProcess(options: Partial<SupervisedProcessOptions> = {}) {
  const [port] = await freePorts(1);
  const lines: string[] = [];
  const child = new SupervisedProcess({
    name: "server",
    command: process.execPath,
    args: ["-e", server],
    env: { PORT: String(port), GREETING: "hello" },
    healthUrl: `http://127.0.0.1:${port}/`,
    onLine: (line) => lines.push(line),
    ...options,
  });
  started.push(child);
  return { child, lines, url: `http://127.0.0.1:${port}` };
}

describe("SupervisedProcess", () => {
  test("runs the command with exactly the environment given, and hands over whole lines", async () => {
    const { child, lines } = await serverProcess();
    await child.start();
    await waitFor("both lines", () => lines.length >= 2);
    expect(lines).toEqual(["started with hello, HOME unset", "a line in two writes"]);
    expect(child.recentOutput()).toBe(lines.join("\n"));
    expect(child.up).toBe(true);
  });

  test("supervised, starts it again after every exit until stopped", async () => {
    const { child, lines, url } = await serverProcess({ restartDelayMs: 100 });
    await child.start();
    await fetch(`${url}/exit`);
    await waitFor("the restart", () => child.starts === 2);
    await child.ready();
    expect(lines).toContain("exited (3); restarting");
    await child.kill9();
    await waitFor("the second restart", () => child.starts === 3);
    await child.ready();
    expect(lines).toContain("exited (SIGKILL); restarting");

    await child.stop(1000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(child.up).toBe(false);
    expect(child.starts).toBe(3);
  });

  test("unsupervised, stays down after it exits, and `ready` fails at once with its output", async () => {
    const { child, url } = await serverProcess();
    await child.start();
    await fetch(`${url}/exit`);
    expect(await child.exited()).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(child.up).toBe(false);
    expect(child.starts).toBe(1);
    const failed = await serverProcess({
      args: ["-e", "console.log('bad config'); process.exit(2)"],
    });
    await expect(failed.child.start(10_000)).rejects.toThrow(
      /exited while starting:\n.*bad config/s,
    );
  });

  test("a command that cannot be spawned fails `ready` and is not restarted", async () => {
    const { child } = await serverProcess({
      command: "/nonexistent/replica-wrapper",
      restartDelayMs: 50,
    });
    await expect(child.start(10_000)).rejects.toThrow(/failed to start \/nonexistent/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(child.starts).toBe(1);
  });

  test("freezes and thaws: a frozen process holds its port but answers nothing", async () => {
    const { child, url } = await serverProcess();
    await child.start();
    child.freeze();
    const frozen = await fetch(url, { signal: AbortSignal.timeout(300) }).then(
      () => "answered",
      () => "silent",
    );
    expect(frozen).toBe("silent");
    child.thaw();
    expect((await fetch(url)).ok).toBe(true);
  });
});
