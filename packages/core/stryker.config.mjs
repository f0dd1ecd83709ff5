// Mutation testing of @causal-kv/core (`npm run mutate`); the setup is shared, see stryker.shared.mjs.
import { mutationConfig } from "../../stryker.shared.mjs";

export default mutationConfig("core");
