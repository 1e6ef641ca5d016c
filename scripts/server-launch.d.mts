// Types of scripts/server-launch.mjs (a plain script: `npm start` runs it without a compiler).
export declare const ALLOCATOR_ENV: Readonly<{
  MALLOC_ARENA_MAX: string;
  MALLOC_MMAP_THRESHOLD_: string;
}>;
export declare const YOUNG_GENERATION_OPTION: string;
export declare function serverEnvironment<E extends Record<string, string | undefined>>(
  env: E,
): E & Partial<typeof ALLOCATOR_ENV> & { NODE_OPTIONS?: string };
