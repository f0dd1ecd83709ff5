/**
 * The Docker deployment, checked without a Docker engine: docker-compose accepts the compose file,
 * compose and `npm start` hand replicas and dashboard the same variables, every path a Dockerfile
 * copies is in the context or built by an earlier step, and the images run unprivileged.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type LabProcess, labProcesses } from "../../../scripts/lab.mjs";
import { containerEnv, MissingVariable, readCompose, type ShellEnv } from "./composeFile.js";
import { type BuildInputs, sourceOrigin, traceOrigin } from "./copyOrigin.js";
import { copyParts, envNames, execForm, finalStage, parseDockerfile } from "./dockerfile.js";
import { isIgnored, parseDockerIgnore } from "./dockerIgnore.js";
import { runOutputs } from "./runOutputs.js";
import { readWorkspaces, runtimeClosure } from "./workspaces.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const read = (path: string) => readFileSync(join(root, path), "utf8");
const replicaIds = ["node1", "node2", "node3"];
const shell: ShellEnv = {
  PUBLIC_HOST: "lab.example",
  WEB_PORT: "3100",
  LAB_HOST: "0.0.0.0",
  LAB_KEY: "teacher",
  CLUSTER_SECRET: "s3cret",
  ADMIN_TOKEN: "4dmin",
};
const compose = readCompose(join(root, "docker-compose.yml"), shell);
const service = (name: string) => {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};

/** What `npm start` gives each process on top of its own environment. */
function labEnvironments(): { replicas: LabProcess[]; web: LabProcess } {
  const { processes } = labProcesses({
    replicas: 3,
    replicaPorts: [5001, 5002, 5003],
    webPort: 3000,
    dataDir: "/data",
    clusterSecret: "s",
    labKey: "k",
    publicHost: "lab.example",
    adminToken: "a",
  });
  const replicas = processes.filter(({ name }) => replicaIds.includes(name));
  const web = processes.find(({ name }) => name === "web");
  if (replicas.length !== 3 || !web) throw new Error("the lab does not run 3 replicas and web");
  return { replicas, web };
}

const names = (env: object) => Object.keys(env).sort();
const matches = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1]);
const replicaReads = new Set(matches(read("apps/replica/src/env.ts"), /^\s+([A-Z][A-Z0-9_]*):/gm));
const webReads = new Set(matches(read("apps/web/src/env.ts"), /\benv\.([A-Z][A-Z0-9_]*)/g));

/** Variables Next itself reads, and the file of the installed Next that shows it. */
const nextReadsIn: Record<string, string> = {
  PORT: "dist/build/utils.js", // the standalone server.js template
  HOSTNAME: "dist/build/utils.js",
  NODE_ENV: "dist/build/utils.js",
  NEXT_TELEMETRY_DISABLED: "dist/telemetry/storage.js",
};
const nextDir = dirname(
  createRequire(join(root, "apps/web/package.json")).resolve("next/package.json"),
);
const nextReads = (name: string) => {
  const file = nextReadsIn[name];
  return (
    file !== undefined &&
    new RegExp(`\\b${name}\\b`).test(readFileSync(join(nextDir, file), "utf8"))
  );
};

function dockerComposeVersion(): string | undefined {
  const result = spawnSync("docker-compose", ["version", "--short"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}
const composeVersion = dockerComposeVersion();

describe("docker-compose.yml", () => {
  // CI installs docker-compose (.ci/run), so there a missing one fails instead of skipping.
  it.skipIf(composeVersion === undefined && !process.env.CI)(
    `is accepted by docker-compose config, which resolves it as we do${composeVersion ? "" : " (skipped: no docker-compose on PATH)"}`,
    () => {
      const result = spawnSync("docker-compose", ["-f", "docker-compose.yml", "config"], {
        cwd: root,
        encoding: "utf8",
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...shell },
      });
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      const resolved: { services: Record<string, { environment: object }> } = parse(result.stdout);
      expect(names(resolved.services)).toEqual([...replicaIds, "web"]);
      for (const [name, { environment }] of Object.entries(resolved.services)) {
        // A pass-through variable the shell lacks is printed as null; the container gets none.
        const given = Object.fromEntries(
          Object.entries(environment).filter(([, value]) => value !== null),
        );
        expect(containerEnv(service(name), shell)).toEqual(given);
      }
    },
    // docker-compose 1.x is a Python program: on a loaded machine it takes seconds to start.
    30_000,
  );

  it("runs node1..node3 from one image, restarted, each with its own volume, loopback port and PEERS entry", () => {
    const peers = replicaIds.map(
      (id) => `${id}=http://${id}:${containerEnv(service(id), {}).PORT}`,
    );
    for (const id of replicaIds) {
      const replica = service(id);
      const env = containerEnv(replica, shell);
      expect(replica.image).toBe("causal-kv-replica");
      expect(replica.build).toEqual({ context: ".", dockerfile: "Dockerfile.node" });
      expect(["unless-stopped", "always"]).toContain(replica.restart);
      expect(env.REPLICA_ID).toBe(id);
      expect(env.PEERS).toBe(peers.join(","));
      // Published for the CLI on this machine only: browsers reach the replicas through the lab.
      expect(replica.ports).toEqual([`127.0.0.1:${env.PORT}:${env.PORT}`]);
      expect(replica.volumes).toEqual([`${id}-data:${env.DATA_DIR}`]);
      expect(compose.volumes).toHaveProperty(`${id}-data`);
      expect(env.HOST).toBe("0.0.0.0");
      // Browsers reach the replicas only through the lab server: no origin is let in.
      expect(env).not.toHaveProperty("CORS_ORIGIN");
      expect(env).not.toHaveProperty("ALLOWED_ORIGINS");
      expect(env.CLUSTER_SECRET).toBe("s3cret");
      expect(env.ADMIN_TOKEN).toBe("4dmin");
      expect(env).not.toHaveProperty("CLIENT_TOKEN");
      expect(containerEnv(replica, { ...shell, CLIENT_TOKEN: "c" }).CLIENT_TOKEN).toBe("c");
    }
  });

  it("refuses to run without the cluster secret and the admin token, naming each", () => {
    const path = join(root, "docker-compose.yml");
    for (const name of ["CLUSTER_SECRET", "ADMIN_TOKEN"]) {
      for (const missing of [
        { ...shell, [name]: undefined },
        { ...shell, [name]: "" },
      ]) {
        expect(() => readCompose(path, missing)).toThrow(MissingVariable);
        expect(() => readCompose(path, missing)).toThrow(new RegExp(`^${name}: set ${name}`));
      }
    }
    const example = read(".env.example");
    for (const name of ["CLUSTER_SECRET", "ADMIN_TOKEN"])
      expect(example).toMatch(new RegExp(`^${name}=$`, "m"));
    expect(read(".gitignore")).toMatch(/^\.env$/m);
  });

  it("starts the lab server after healthy replicas, on WEB_PORT published at LAB_HOST, reaching the replicas by PEERS", () => {
    const web = service("web");
    const env = containerEnv(web, shell);
    expect(web.build).toEqual({ context: ".", dockerfile: "Dockerfile.web" });
    expect(web.ports).toEqual(["0.0.0.0:3100:3100"]);
    expect(
      readCompose(join(root, "docker-compose.yml"), { CLUSTER_SECRET: "s", ADMIN_TOKEN: "a" })
        .services.web?.ports,
    ).toEqual(["127.0.0.1:3000:3000"]);
    expect(env.PORT).toBe("3100");
    expect(env.LAB_HOST).toBe("0.0.0.0");
    expect(env.REPLICAS_URLS).toBe(containerEnv(service("node1"), shell).PEERS);
    expect(env.LAB_KEY).toBe("teacher");
    expect(env.PUBLIC_HOST).toBe("lab.example");
    expect(env.ADMIN_TOKEN).toBe("4dmin");
    expect(containerEnv(web, {})).not.toHaveProperty("LAB_KEY");
    expect(containerEnv(web, {})).not.toHaveProperty("CLIENT_TOKEN");
    for (const id of replicaIds)
      expect(web.depends_on[id]).toEqual({ condition: "service_healthy" });
  });
});

describe("environment variable names", () => {
  const lab = labEnvironments();

  it("are the same for replicas under compose and npm start, and all parsed by the replica", () => {
    for (const [i, id] of replicaIds.entries()) {
      const composed = names(containerEnv(service(id), shell));
      expect(composed).toEqual(names(lab.replicas[i]?.env ?? {}));
      expect(composed.filter((name) => !replicaReads.has(name))).toEqual([]);
    }
  });

  it("are the same for the dashboard, each read by apps/web/src/env.ts or by Next", () => {
    const composed = names(containerEnv(service("web"), shell));
    expect(composed).toEqual(names(lab.web.env));
    expect(composed.filter((name) => !webReads.has(name) && !nextReads(name))).toEqual([]);
  });

  it("that compose substitutes are the ones npm start reads, with the same defaults", () => {
    // `${NAME:?…}` names a variable compose requires, which npm start reads (and generates).
    const substituted = new Map(
      [
        ...read("docker-compose.yml").matchAll(/\$\{([A-Z][A-Z0-9_]*)(?::-([^}]*)|:\?[^}]*)?\}/g),
      ].map(([, name = "", fallback]) => [name, fallback]),
    );
    expect([...substituted.keys()]).toEqual(
      expect.arrayContaining(["CLUSTER_SECRET", "ADMIN_TOKEN"]),
    );
    const start = read("scripts/start.mjs");
    const startReads = new Set(matches(start, /(?:env\.|number\(")([A-Z][A-Z0-9_]*)/g));
    expect([...substituted.keys()].filter((name) => !startReads.has(name))).toEqual([]);
    for (const [name, fallback] of substituted) {
      if (fallback === undefined) continue;
      const startDefault = new RegExp(
        `(?:env\\.${name} (?:\\?\\?|\\|\\|) "([^"]*)"|number\\("${name}", (\\d+))`,
      );
      const [, text, number] = startDefault.exec(start) ?? [];
      expect(text ?? number, name).toBe(fallback);
    }
  });

  it("set by the images' ENV are read by the process each image starts", () => {
    const env = (file: string) => envNames(finalStage(parseDockerfile(read(file))));
    expect(env("Dockerfile.node").filter((name) => !replicaReads.has(name))).toEqual([]);
    expect(env("Dockerfile.web").filter((name) => !webReads.has(name) && !nextReads(name))).toEqual(
      [],
    );
  });
});

const workspaces = readWorkspaces(root);
const ignoreRules = parseDockerIgnore(read(".dockerignore"));
/** Git keeps no empty folder, so a clone would not have one: count it as absent. */
const inClone = (path: string) => {
  const full = join(root, path);
  return existsSync(full) && (!statSync(full).isDirectory() || readdirSync(full).length > 0);
};
const inputs: BuildInputs = {
  inContext: (path) => path === "." || (inClone(path) && !isIgnored(path, ignoreRules)),
  runOutputs: (command, workdir) => runOutputs(command, workdir, root, workspaces),
};

function readImage(file: string) {
  const stages = parseDockerfile(read(file));
  const final = finalStage(stages);
  return {
    stages,
    final,
    instruction: (keyword: string) => final.instructions.find((i) => i.keyword === keyword),
    /** Where a path of the finished image came from. */
    origin: (path: string) =>
      traceOrigin(stages, stages.length - 1, final.instructions.length, path, inputs),
  };
}

describe.each(["Dockerfile.node", "Dockerfile.web"])("%s", (file) => {
  const { stages, instruction, origin } = readImage(file);

  it("copies only what the context holds or an earlier step made", () => {
    const missing = stages.flatMap((stage, index) =>
      stage.instructions
        .filter((instruction) => instruction.keyword === "COPY")
        .flatMap((copy) =>
          copyParts(copy)
            .sources.filter((path) => !sourceOrigin(stages, index, copy.flags.from, path, inputs))
            .map((path) => `${stage.name} COPY ${path}`),
        ),
    );
    expect(missing).toEqual([]);
  });

  it("runs as a non-root user under tini, starting a file the build made, with a node health check", () => {
    expect(["", "root", "0"]).not.toContain(instruction("USER")?.value ?? "");
    expect(execForm(instruction("ENTRYPOINT")?.value ?? "")).toEqual(["/usr/bin/tini", "--"]);
    const command = execForm(instruction("CMD")?.value ?? "") ?? [];
    expect(command[0]).toBe("node");
    const workdir = instruction("CMD")?.workdir ?? "/";
    expect(origin(posix.resolve(workdir, command.at(-1) ?? ""))).toMatchObject({ kind: "run" });
    const check = /^CMD (\[.*\])$/.exec(instruction("HEALTHCHECK")?.value ?? "")?.[1] ?? "";
    const probe = execForm(check) ?? [];
    expect(probe.slice(0, 2)).toEqual(["node", "-e"]);
    expect(probe[2]).toContain(file === "Dockerfile.node" ? "'/health'" : "'/'");
  });
});

describe("Dockerfile.node's final stage", () => {
  const { final, origin, instruction } = readImage("Dockerfile.node");

  it("runs the replica with the Node flags npm start gives it, as its package's start script does", () => {
    const { replicas } = labEnvironments();
    const flags = replicas[0]?.args.slice(0, -1) ?? [];
    expect(flags.length).toBeGreaterThan(0);
    for (const { args } of replicas) expect(args.slice(0, -1)).toEqual(flags);
    expect(execForm(instruction("CMD")?.value ?? "")).toEqual([
      "node",
      ...flags,
      "apps/replica/dist/main.js",
    ]);
    const { scripts } = JSON.parse(read("apps/replica/package.json")) as {
      scripts: Record<string, string>;
    };
    expect(scripts.start).toBe(["node", ...flags, "dist/main.js"].join(" "));
  });

  it("holds production dependencies only, installed in an earlier stage", () => {
    expect(final.instructions.filter((i) => /\bnpm\b/.test(i.value))).toEqual([]);
    expect(origin("/app/node_modules")).toMatchObject({
      kind: "run",
      command: expect.stringContaining("--omit=dev"),
    });
  });

  it("holds the built package of every workspace the replica imports at run time", () => {
    for (const { dir } of runtimeClosure(root, workspaces, "@causal-kv/replica")) {
      expect(origin(`/app/${dir}/package.json`), dir).toEqual({
        kind: "context",
        path: `${dir}/package.json`,
      });
      expect(origin(`/app/${dir}/dist`), dir).toMatchObject({
        kind: "run",
        path: `/app/${dir}/dist`,
      });
    }
  });
});

describe("Dockerfile.web's final stage", () => {
  const { final, origin } = readImage("Dockerfile.web");

  it("holds production dependencies only, installed in an earlier stage", () => {
    expect(final.instructions.filter((i) => /\bnpm\b/.test(i.value))).toEqual([]);
    expect(origin("/app/node_modules")).toMatchObject({
      kind: "run",
      command: expect.stringContaining("--omit=dev"),
    });
  });

  it("holds the built package of every workspace the lab server imports at run time", () => {
    for (const { dir } of runtimeClosure(root, workspaces, "@causal-kv/web")) {
      expect(origin(`/app/${dir}/package.json`), dir).toEqual({
        kind: "context",
        path: `${dir}/package.json`,
      });
      expect(origin(`/app/${dir}/dist`), dir).toMatchObject({
        kind: "run",
        path: `/app/${dir}/dist`,
      });
    }
  });

  it("serves the Next.js build and its public folder with the lab server, and the config it loads", () => {
    const built = {
      ".next": "/app/apps/web/.next",
      "dist/server/main.js": "/app/apps/web/dist/server/main.js",
      public: "/app/apps/web/public",
    };
    for (const [path, from] of Object.entries(built)) {
      expect(origin(`/app/apps/web/${path}`), path).toMatchObject({ kind: "run", path: from });
    }
    expect(origin("/app/apps/web/next.config.mjs")).toEqual({
      kind: "context",
      path: "apps/web/next.config.mjs",
    });
  });
});

describe(".dockerignore", () => {
  it("keeps host installs and build outputs out of the context, and sources in", () => {
    const left = ["node_modules", "apps/web/node_modules", "packages/core/dist", "apps/web/.next"];
    left.push(".turbo", "packages/core/.turbo", ".data", "reports", "test-results", ".git");
    expect(left.filter((path) => !isIgnored(path, ignoreRules))).toEqual([]);
    const kept = ["package.json", "package-lock.json", "apps/replica/src/main.ts", "turbo.json"];
    expect(kept.filter((path) => isIgnored(path, ignoreRules))).toEqual([]);
  });
});
