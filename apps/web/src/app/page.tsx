import { cookies } from "next/headers";
import { connection } from "next/server";
import { Lab } from "../components/Lab";
import { labEnv } from "../env.ts";
import { controllerCookie, labAccess } from "../server/labAccess.ts";
import { labAddresses } from "../server/labAddresses.ts";

/**
 * Rendered per request: the replicas, this browser's role (from the lab key's cookie) and the
 * addresses to share come from the server's environment at run time.
 */
export default async function Page() {
  await connection();
  const env = labEnv();
  const cookie = (await cookies()).get(controllerCookie)?.value;
  return (
    <Lab
      replicaIds={env.replicas.map((replica) => replica.id)}
      access={labAccess(env.labKey, cookie)}
      addresses={labAddresses(env.host, env.port, env.publicHost)}
      {...(env.windowEvents === undefined ? {} : { windowEvents: env.windowEvents })}
    />
  );
}
