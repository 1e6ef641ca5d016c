/** Checklist progress as a labelled bar (the number is in the text too, not only in the colour). */
export function ChecklistProgress({
  done,
  total,
  percent,
  label,
}: {
  done: number;
  total: number;
  percent: number;
  label: string;
}) {
  return (
    <div className="space-y-1">
      <div className="flex justify-between text-sm">
        <span>{label}</span>
        <span data-testid="checklist-percent">
          {percent}% ({done} of {total})
        </span>
      </div>
      {/* An SVG attribute, not a style: the CSP allows no inline style. */}
      <svg
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="h-2 w-full overflow-hidden rounded"
        preserveAspectRatio="none"
        viewBox="0 0 100 2"
      >
        <rect width="100" height="2" className="fill-slate-200 dark:fill-slate-700" />
        <rect
          width={percent}
          height="2"
          className={percent === 100 ? "fill-green-600" : "fill-blue-600"}
        />
      </svg>
    </div>
  );
}
