/** Every failed request answers `{ error: { code, message } }`: a stable code and a sentence. */
import { z } from "zod";

export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

export type ErrorBody = z.infer<typeof errorBodySchema>;
