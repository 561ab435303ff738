import { z } from 'zod';

/** Every error the API returns has this shape; `fields` maps a field path to what is wrong with it. */
export const ZApiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
    rows: z.array(z.object({ row: z.number().int(), message: z.string() })).optional(),
  }),
});
export type TApiError = z.infer<typeof ZApiError>;
