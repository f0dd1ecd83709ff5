/** Starts the three-replica lab the browser tests share; they find it through LAB_URL and LAB_REPLICAS. */
import { startTestLab } from "./startTestLab";

export default async function globalSetup(): Promise<() => Promise<void>> {
  const lab = await startTestLab(3);
  process.env.LAB_URL = lab.url;
  process.env.LAB_REPLICAS = JSON.stringify(lab.replicas);
  return lab.stop;
}
