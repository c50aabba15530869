import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const lessons = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './src/content/lessons' }),
  schema: z.object({
    title: z.string(),
    description: z.string(),
    order: z.number().int().nonnegative(),
    objectives: z.array(z.string()).min(1),
    estimatedMinutes: z.number().int().positive(),
    draft: z.boolean().default(false),
  }),
});

export const collections = { lessons };
