/**
 * Which Node the project says it runs on, checked against what proves it: the images and CI's
 * second pass run one LTS line, `engines` admits it and nothing a production dependency refuses,
 * and every install script npm runs is declared for a stricter npm.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import semver from "semver";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseDockerfile } from "./dockerfile.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const read = (path: string) => readFileSync(join(root, path), "utf8");

const rootManifest = z
  .object({
    engines: z.object({ node: z.string() }),
    allowScripts: z.record(z.string(), z.boolean()).default({}),
  })
  .parse(JSON.parse(read("package.json")));

const lockfile = z
  .object({
    packages: z.record(
      z.string(),
      z.object({
        dev: z.boolean().optional(),
        optional: z.boolean().optional(),
        hasInstallScript: z.boolean().optional(),
        os: z.array(z.string()).optional(),
        engines: z
          .union([z.object({ node: z.string().optional() }), z.array(z.string())])
          .optional(),
      }),
    ),
  })
  .parse(JSON.parse(read("package-lock.json")));

/** The LTS major .ci/run downloads for the suite's second pass. */
const ciLtsMajor = Number(/^LTS_NODE_MAJOR=(\d+)$/m.exec(read(".ci/run"))?.[1]);
const installed = Object.entries(lockfile.packages).filter(([path]) =>
  path.includes("node_modules/"),
);
const packageName = (path: string) => path.slice(path.lastIndexOf("node_modules/") + 13);

describe("the supported Node", () => {
  it("is what CI runs the suite on a second time, an even (LTS) line", () => {
    expect(ciLtsMajor).toBeGreaterThanOrEqual(24);
    expect(ciLtsMajor % 2).toBe(0);
  });

  it.each(["Dockerfile.node", "Dockerfile.web"])("is what every stage of %s runs", (file) => {
    const images = new Set(parseDockerfile(read(file)).map((stage) => stage.image));
    expect(images).toEqual(new Set([`node:${ciLtsMajor}-bookworm-slim`]));
  });

  it("is admitted by the root's engines, which admit nothing a production dependency refuses", () => {
    const engines = rootManifest.engines.node;
    expect(semver.satisfies(`${ciLtsMajor}.0.0`, engines)).toBe(true);
    const refusing = installed.flatMap(([path, entry]) => {
      const node = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      // A binary package for another OS (sharp's Windows build) never installs on Linux.
      const otherOs = entry.os !== undefined && !entry.os.includes("linux");
      if (entry.dev || otherOs || node === undefined || semver.subset(engines, node)) return [];
      return [`${packageName(path)} wants ${node}`];
    });
    expect(refusing).toEqual([]);
  });
});

describe("install scripts", () => {
  it("are declared in the root's allowScripts, one for each installed package that has one", () => {
    const withScripts = new Set(
      installed.filter(([, entry]) => entry.hasInstallScript).map(([path]) => packageName(path)),
    );
    const allowed = Object.entries(rootManifest.allowScripts)
      .filter(([, allow]) => allow)
      .map(([name]) => name);
    expect(new Set(allowed)).toEqual(withScripts);
  });
});
