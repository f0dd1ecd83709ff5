/** Starts one replica from the environment and stops it gracefully on SIGTERM or SIGINT. */
import { createReplica } from "./createReplica.js";
import { EnvError, readEnv } from "./env.js";

function start(): void {
  let config: ReturnType<typeof readEnv>;
  try {
    config = readEnv();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  const replica = createReplica(config);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    replica.app.log.info({ signal }, "shutting down");
    replica.close().then(
      () => process.exit(0),
      (error: unknown) => {
        replica.app.log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  replica.listen().catch((error: unknown) => {
    replica.app.log.fatal({ err: error }, "could not start");
    process.exit(1);
  });
}

start();
