// Mutation testing of @causal-kv/checker (`npm run mutate`); the setup is shared, see stryker.shared.mjs.
import { mutationConfig } from "../../stryker.shared.mjs";

export default mutationConfig("checker");
