// Stand-in for the "server-only" marker package outside Next.js (tests, CLI).
export {};
