/**
 * Starts the three-replica lab the browser tests share; they find it through LAB_URL, LAB_REPLICAS
 * and LAB_ADMIN_TOKEN (which their own clients send).
 */
import { startTestLab } from "./startTestLab";

export default async function globalSetup(): Promise<() => Promise<void>> {
  const lab = await startTestLab(3);
  process.env.LAB_URL = lab.url;
  process.env.LAB_REPLICAS = JSON.stringify(lab.replicas);
  process.env.LAB_ADMIN_TOKEN = lab.adminToken;
  return lab.stop;
}
