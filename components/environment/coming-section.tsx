import { EmptyState } from "@/components/ui/card";

/** An honest empty state for a section whose feature has not landed yet. */
export function ComingSection({ title, what }: { title: string; what: string }) {
  return (
    <section aria-labelledby="section-title">
      <h2 id="section-title" className="mb-3 text-lg font-semibold">
        {title}
      </h2>
      <EmptyState title={`No ${title.toLowerCase()} here yet`}>
        <p>{what}</p>
        <p className="mt-1">This section is not available in this version of the dashboard.</p>
      </EmptyState>
    </section>
  );
}
