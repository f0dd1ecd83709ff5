/** How a replica delivers peers' writes: by the causal rule, or as they come (to show why not). */
import type { DeliveryMode } from "@causal-kv/core";
import { z } from "zod";

export const deliveryModeSchema = z.enum(["causal", "naive"]) satisfies z.ZodType<DeliveryMode>;
