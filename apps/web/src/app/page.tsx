import { connection } from "next/server";
import { Lab } from "../components/Lab";
import { replicaEndpointsFromEnv } from "../env";

/** Rendered per request, so the replica URLs come from the server's environment at run time. */
export default async function Page() {
  await connection();
  return <Lab endpoints={replicaEndpointsFromEnv()} />;
}
