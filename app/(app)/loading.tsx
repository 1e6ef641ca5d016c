/** Shown inside the shell while a page's data loads (navigation stays responsive). */
export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="space-y-3" data-testid="page-loading">
      <span className="sr-only">Loading…</span>
      <div className="h-7 w-64 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      <div className="h-4 w-96 max-w-full animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      <div className="h-40 w-full animate-pulse rounded-lg bg-slate-100 dark:bg-slate-900" />
    </div>
  );
}
