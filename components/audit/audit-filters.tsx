import { inputClass } from "@/components/ui/field";
import { buttonClass } from "@/components/ui/button";

/** A GET form: the filter lives in the URL, so a filtered view can be shared as a link. */
export function AuditFilters({
  actions,
  action,
  actor,
}: {
  actions: string[];
  action?: string;
  actor?: string;
}) {
  return (
    <search aria-label="Filter audit records" className="mb-4">
      <form method="get" className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="audit-action" className="block text-sm font-medium">
            Action
          </label>
          <select
            id="audit-action"
            name="action"
            defaultValue={action ?? ""}
            className={inputClass}
          >
            <option value="">All actions</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-actor" className="block text-sm font-medium">
            Actor contains
          </label>
          <input id="audit-actor" name="actor" defaultValue={actor ?? ""} className={inputClass} />
        </div>
        <button type="submit" className={buttonClass("secondary")}>
          Filter
        </button>
      </form>
    </search>
  );
}
