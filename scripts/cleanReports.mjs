// Clears the previous run's test reports, so the closing line counts only this run.
import { rmSync } from "node:fs";

rmSync(new URL("../reports/", import.meta.url), { recursive: true, force: true });
