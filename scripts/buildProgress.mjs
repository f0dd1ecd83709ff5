// `npm start`'s build step: turbo builds what is not built yet while this says which package it is
// on, how far along it is and for how long, on one line that updates (a line per package when the
// output is not a terminal). Turbo prints a task's logs in one group once the task ends
// (--log-order=grouped), so a group's first line marks that package done.
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";

const spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** The build's tasks, from turbo's dry run: package, whether its output is cached, what it waits for. */
export function plannedTasks(dryRunJson) {
  return JSON.parse(dryRunJson).tasks.map((task) => ({
    name: task.package,
    id: task.taskId,
    cached: task.cache?.status === "HIT",
    dependsOn: task.dependencies ?? [],
  }));
}

/** The package whose grouped logs start on this line, if it opens a group. */
export function finishedPackage(line) {
  return /^(\S+?):build: cache (?:hit|miss|bypass)/.exec(line)?.[1];
}

/** What the updating line says: the packages being built now, the count done, the time so far. */
export function progressLine(tasks, done, elapsedMs, frame = 0) {
  const toBuild = tasks.filter((task) => !task.cached);
  const built = toBuild.filter((task) => done.has(task.name)).length;
  const doneIds = new Set(tasks.filter((task) => done.has(task.name)).map((task) => task.id));
  const running = toBuild.filter(
    (task) => !done.has(task.name) && task.dependsOn.every((id) => doneIds.has(id)),
  );
  const width = 20;
  const filled = toBuild.length === 0 ? width : Math.round((built / toBuild.length) * width);
  const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
  const now = running.length > 0 ? `building ${running.map((task) => task.name).join(", ")}` : "";
  return `${spinner[frame % spinner.length]} ${bar} ${built}/${toBuild.length} ${seconds(elapsedMs)}  ${now}`;
}

/**
 * Builds every workspace, reporting as it goes to `out` (a stream: an updating line when it is a
 * terminal). Resolves when the build succeeded; rejects with turbo's output of the failed build.
 */
export async function buildWithProgress(root, env, out = process.stdout) {
  const turbo = join(root, "node_modules/.bin/turbo");
  const started = Date.now();
  // The same environment for the plan and the build: turbo hashes NEXT_TELEMETRY_DISABLED.
  const buildEnv = { ...env, NEXT_TELEMETRY_DISABLED: "1", FORCE_COLOR: "0" };
  const dry = spawnSync(turbo, ["run", "build", "--dry=json"], {
    cwd: root,
    env: buildEnv,
    encoding: "utf8",
  });
  if (dry.status !== 0) throw new Error(`turbo could not plan the build:\n${dry.stderr}`);
  const tasks = plannedTasks(dry.stdout);
  const toBuild = tasks.filter((task) => !task.cached);
  if (toBuild.length === 0) {
    out.write(`All ${tasks.length} packages are built (${seconds(Date.now() - started)}).\n`);
  } else {
    out.write(
      `Building ${toBuild.length} of ${tasks.length} packages (the rest are built); a first build takes a minute or two.\n`,
    );
  }

  const done = new Set();
  const startedAt = new Map();
  const log = [];
  const tty = out.isTTY === true && toBuild.length > 0;
  let frame = 0;
  const draw = () =>
    out.write(`\r\x1b[2K${progressLine(tasks, done, Date.now() - started, frame++)}`);
  const timer = tty ? setInterval(draw, 120) : undefined;

  const child = spawn(turbo, ["run", "build", "--output-logs=full", "--log-order=grouped"], {
    cwd: root,
    env: buildEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let partial = "";
  const read = (chunk) => {
    const lines = (partial + chunk.toString()).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      log.push(line);
      const name = finishedPackage(line);
      if (name === undefined || done.has(name)) continue;
      const task = tasks.find((t) => t.name === name);
      done.add(name);
      if (!task || task.cached) continue;
      const took = Date.now() - (startedAt.get(name) ?? started);
      if (tty) out.write("\r\x1b[2K");
      out.write(
        `  ✓ ${name} built in ${seconds(took)} (${seconds(Date.now() - started)} so far)\n`,
      );
      if (tty) draw();
      // Everything whose dependencies are now all built starts now.
      for (const next of tasks) {
        if (
          !startedAt.has(next.name) &&
          next.dependsOn.every((id) => tasks.some((t) => t.id === id && done.has(t.name)))
        )
          startedAt.set(next.name, Date.now());
      }
    }
  };
  child.stdout.on("data", read);
  child.stderr.on("data", read);
  for (const task of tasks) if (task.dependsOn.length === 0) startedAt.set(task.name, started);
  const code = await new Promise((resolve) => child.on("close", resolve));
  if (timer) clearInterval(timer);
  if (tty) out.write("\r\x1b[2K");
  if (code !== 0) throw new Error(`the build failed:\n${log.join("\n")}`);
  if (toBuild.length > 0)
    out.write(`Built ${toBuild.length} packages in ${seconds(Date.now() - started)}.\n`);
}
