// Writes schemas/scenario.schema.json from the built package (npm run schema -w @causal-kv/protocol builds it first).
import { writeFileSync } from "node:fs";
import { scenarioJsonSchema } from "../dist/index.js";

const file = new URL("../schemas/scenario.schema.json", import.meta.url);
writeFileSync(file, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
console.log(`wrote ${file.pathname}`);
