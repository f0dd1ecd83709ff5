/**
 * Without root, `--hosts` creates nothing: it names what is missing and exits 3. As root, the
 * built command is run as `nobody` (setpriv) to see it refuse.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const chaosBin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));

describe("chaos --hosts without root", () => {
  it("says it needs root privileges and exits 3", () => {
    expect(existsSync(chaosBin), `build the chaos command first: ${chaosBin}`).toBe(true);
    const command = [process.execPath, chaosBin, "--hosts", "--seconds", "5"];
    const asNobody = ["--reuid=65534", "--regid=65534", "--clear-groups", ...command];
    const result =
      process.getuid?.() === 0
        ? spawnSync("setpriv", asNobody, { encoding: "utf8" })
        : spawnSync(command[0] ?? "", command.slice(1), { encoding: "utf8" });
    expect(result.stdout, result.stderr).toMatch(
      /^chaos: --hosts cannot run here: it needs root privileges/,
    );
    expect(result.stdout).not.toMatch(/running seed/);
    expect(result.status).toBe(3);
  });
});
