/** The one error body every /api/v1 answer other than 2xx carries (lib/api/http.ts errorJson). */
import { z } from 'zod';
import { responseSchema } from './registry';

export const errorBody = responseSchema('Error', z.object({
  error: z.object({
    code: z.string().meta({ description: 'unauthorized, forbidden, not-found, method-not-allowed, conflict, invalid, too-large or busy.' }),
    message: z.string().meta({ description: 'What is wrong and what is allowed, in words a person reads.' }),
    fields: z.record(z.string(), z.array(z.string())).optional().meta({ description: 'One or more messages per request field.' }),
  }),
}), 'What went wrong; nothing was written.');
