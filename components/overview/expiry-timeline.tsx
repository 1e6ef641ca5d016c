"use client";
import { useEffect, useRef, useState } from "react";
import "uplot/dist/uPlot.min.css";
import type { Timeline, TimelineBucket } from "@/lib/overview/timeline";

type Range = "5y" | "12m";

/**
 * Expiries (bars) and start-renewal-by dates (points) over the next 5 years, or 12 months by week.
 * Drag across the chart to zoom in, double-click to zoom out. uPlot is loaded after the page, so
 * it is not part of the first load.
 */
export function ExpiryTimeline({ timeline }: { timeline: Timeline }) {
  const [range, setRange] = useState<Range>("5y");
  const box = useRef<HTMLDivElement>(null);
  const buckets = range === "5y" ? timeline.monthly : timeline.weekly;

  useEffect(() => {
    const target = box.current;
    if (!target) return;
    let chart: {
      destroy: () => void;
      setSize: (s: { width: number; height: number }) => void;
    } | null = null;
    let cancelled = false;
    const observer = new ResizeObserver(() =>
      chart?.setSize({ width: target.clientWidth, height: 240 }),
    );
    void import("uplot").then(({ default: UPlot }) => {
      if (cancelled) return;
      const xs = buckets.map((b) => Date.parse(`${b.start}T00:00:00Z`) / 1000);
      const root = document.documentElement.classList;
      const dark =
        root.contains("dark") ||
        (!root.contains("light") && matchMedia("(prefers-color-scheme: dark)").matches);
      const axis = {
        stroke: dark ? "#cbd5e1" : "#334155",
        grid: { stroke: dark ? "#1e293b" : "#e2e8f0" },
        ticks: { stroke: dark ? "#334155" : "#cbd5e1" },
      };
      chart = new UPlot(
        {
          width: target.clientWidth,
          height: 240,
          scales: { x: { time: true } },
          axes: [axis, { ...axis, label: "Certificates" }],
          series: [
            {},
            {
              label: "Expiries",
              stroke: "#b91c1c",
              fill: "rgba(185,28,28,0.35)",
              paths: UPlot.paths.bars!({ size: [0.7, 40] }),
              points: { show: false },
            },
            {
              label: "Start renewal by",
              stroke: "#1d4ed8",
              width: 0,
              points: { show: true, size: 7, fill: "#1d4ed8" },
            },
          ],
        },
        [xs, buckets.map((b) => b.expiries), buckets.map((b) => b.startRenewalBy || null)],
        target,
      );
      observer.observe(target);
    });
    return () => {
      cancelled = true;
      observer.disconnect();
      chart?.destroy();
    };
  }, [buckets]);

  const busy = buckets.filter((b) => b.expiries || b.startRenewalBy);
  return (
    <div className="space-y-2">
      <fieldset className="flex min-w-0 flex-wrap items-center gap-2" aria-label="Time range">
        {(["5y", "12m"] as const).map((r) => (
          <button
            key={r}
            type="button"
            aria-pressed={range === r}
            onClick={() => setRange(r)}
            className="rounded-md border border-slate-300 px-2 py-1 text-sm aria-pressed:bg-slate-900 aria-pressed:text-white dark:border-slate-600 dark:aria-pressed:bg-slate-100 dark:aria-pressed:text-slate-900"
          >
            {r === "5y" ? "5 years, by month" : "12 months, by week"}
          </button>
        ))}
        <span className="text-xs text-slate-600 dark:text-slate-400">
          Drag across the chart to zoom; double-click to reset.
        </span>
      </fieldset>
      <div
        ref={box}
        className="min-h-60 w-full"
        role="img"
        aria-label={`Expiry timeline, ${range === "5y" ? "next 5 years by month" : "next 12 months by week"}: ${summary(busy)}`}
        data-testid="expiry-timeline"
      />
      <details className="text-sm">
        <summary className="cursor-pointer">The numbers behind the chart</summary>
        {busy.length === 0 ? (
          <p className="mt-1 text-slate-600 dark:text-slate-400">
            No expiry and no start-renewal-by date in this range.
          </p>
        ) : (
          <table className="mt-1 text-left">
            <thead>
              <tr>
                <th className="pr-4">{range === "5y" ? "Month" : "Week of"}</th>
                <th className="pr-4">Expiries</th>
                <th>Start renewal by</th>
              </tr>
            </thead>
            <tbody>
              {busy.map((b) => (
                <tr key={b.start}>
                  <td className="pr-4">{range === "5y" ? b.start.slice(0, 7) : b.start}</td>
                  <td className="pr-4">{b.expiries}</td>
                  <td>{b.startRenewalBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </details>
    </div>
  );
}

function summary(busy: TimelineBucket[]): string {
  const expiries = busy.reduce((n, b) => n + b.expiries, 0);
  const starts = busy.reduce((n, b) => n + b.startRenewalBy, 0);
  return `${expiries} expiries and ${starts} start-renewal-by dates`;
}
