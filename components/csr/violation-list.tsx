export type Problem = { code: string; message: string; field?: string; severity?: "warning" };

export function ViolationList({
  title,
  problems,
  tone = "red",
}: {
  title: string;
  problems: Problem[];
  tone?: "red" | "amber";
}) {
  if (problems.length === 0) return null;
  const box =
    tone === "red"
      ? "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
      : "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100";
  return (
    <div role="alert" className={`rounded-md border p-4 text-sm ${box}`}>
      <p className="font-medium">{title}</p>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {problems.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list in which a code may repeat
          <li key={`${i}:${p.code}`}>
            {p.message} <code className="text-xs opacity-75">({p.code})</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
