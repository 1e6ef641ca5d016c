"use client";
import { useId, useState } from "react";
import { inputClass } from "@/components/ui/field";

/**
 * A file input that also takes a dropped file, beside a paste area. Oversized files are refused
 * here, before they are sent.
 */
export function UploadField({
  maxBytes,
  accept,
  placeholder,
  multiple = false,
  onInput,
}: {
  maxBytes: number;
  accept: string;
  placeholder: string;
  /** Several files at once (adopting an estate); the limit applies to them together. */
  multiple?: boolean;
  /** Told of every change of the files or the pasted text (to list the CAs of an upload). */
  onInput?: (files: File[], text: string) => void;
}) {
  const textId = useId(); // several upload fields can share a page (one per trust store)
  const [problem, setProblem] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [text, setText] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const check = (input: HTMLInputElement) => {
    const chosen = Array.from(input.files ?? []);
    const total = chosen.reduce((n, f) => n + f.size, 0);
    if (total > maxBytes) {
      setProblem(
        `${chosen.length > 1 ? `These ${chosen.length} files are` : `${chosen[0]!.name} is`} ${(total / 1024 / 1024).toFixed(1)} MB; the limit is ${maxBytes / 1024} KB.`,
      );
      input.value = "";
      setFiles([]);
      onInput?.([], text);
    } else {
      setProblem(null);
      setFiles(chosen);
      onInput?.(chosen, text);
    }
  };
  return (
    <div className="space-y-3">
      <label
        className={`block rounded-md border-2 border-dashed p-4 text-sm ${dragging ? "border-blue-600 bg-blue-50 dark:bg-blue-950" : "border-slate-300 dark:border-slate-600"}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
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
        <span className="font-medium">{multiple ? "Certificate files" : "Certificate file"}</span> —
        drop {multiple ? "them" : "it"} here or choose {multiple ? "them" : "it"}
        <input
          type="file"
          name="file"
          accept={accept}
          multiple={multiple}
          className="mt-2 block text-sm"
          onChange={(e) => check(e.currentTarget)}
        />
      </label>
      {problem && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {problem}
        </p>
      )}
      <div>
        <label htmlFor={textId} className="block text-sm font-medium">
          …or paste it
        </label>
        <textarea
          id={textId}
          name="text"
          rows={10}
          spellCheck={false}
          placeholder={placeholder}
          className={`${inputClass} mt-1 font-mono text-xs`}
          onChange={(e) => {
            setText(e.currentTarget.value);
            onInput?.(files, e.currentTarget.value);
          }}
        />
      </div>
    </div>
  );
}
