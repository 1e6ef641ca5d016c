"use client";
import { useId, useState } from "react";
import { inputClass } from "@/components/ui/field";

/**
 * A file input that also takes a dropped file, beside a paste area. Oversized files are refused
 * here, before they are sent.
 */
export function UploadField({ maxBytes, accept, placeholder }: { maxBytes: number; accept: string; placeholder: string }) {
  const textId = useId(); // several upload fields can share a page (one per trust store)
  const [problem, setProblem] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const check = (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (file && file.size > maxBytes) {
      setProblem(`${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is ${maxBytes / 1024} KB.`);
      input.value = "";
    } else setProblem(null);
  };
  return (
    <div className="space-y-3">
      <label
        className={`block rounded-md border-2 border-dashed p-4 text-sm ${dragging ? "border-blue-600 bg-blue-50 dark:bg-blue-950" : "border-slate-300 dark:border-slate-600"}`}
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          const input = e.currentTarget.querySelector("input");
          if (input && e.dataTransfer.files.length) {
            input.files = e.dataTransfer.files;
            check(input);
          }
        }}
      >
        <span className="font-medium">Certificate file</span> — drop it here or choose it
        <input type="file" name="file" accept={accept} className="mt-2 block text-sm" onChange={(e) => check(e.currentTarget)} />
      </label>
      {problem && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{problem}</p>}
      <div>
        <label htmlFor={textId} className="block text-sm font-medium">…or paste it</label>
        <textarea id={textId} name="text" rows={10} spellCheck={false} placeholder={placeholder} className={`${inputClass} mt-1 font-mono text-xs`} />
      </div>
    </div>
  );
}
