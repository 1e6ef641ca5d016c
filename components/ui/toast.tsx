"use client";
import { createContext, useCallback, useContext, useEffect, useRef, useState } from "react";

type Toast = { id: number; message: string; tone: "success" | "error" };
const ToastContext = createContext<(message: string, tone?: Toast["tone"]) => void>(() => {});

/**
 * Toasts: short confirmations that appear bottom-right and go after 5 s (errors stay until
 * dismissed). They are announced by screen readers (a polite live region) and dismissable by
 * keyboard. The detailed message stays in the form too: a toast is never the only feedback.
 */
export function ToastProvider({ children }: { children: React.ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(0);
  const dismiss = useCallback(
    (id: number) => setToasts((all) => all.filter((t) => t.id !== id)),
    [],
  );
  const show = useCallback(
    (message: string, tone: Toast["tone"] = "success") => {
      const id = ++next.current;
      setToasts((all) => [...all.slice(-3), { id, message, tone }]);
      if (tone === "success") setTimeout(() => dismiss(id), 5000);
    },
    [dismiss],
  );
  return (
    <ToastContext.Provider value={show}>
      {children}
      <div
        aria-live="polite"
        className="pointer-events-none fixed bottom-4 right-4 z-50 flex w-80 max-w-[calc(100vw-2rem)] flex-col gap-2"
      >
        {toasts.map((t) => (
          <div
            key={t.id}
            role={t.tone === "error" ? "alert" : "status"}
            data-testid="toast"
            className={`pointer-events-auto flex items-start justify-between gap-3 rounded-md border p-3 text-sm shadow-lg ${t.tone === "error" ? "border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-100" : "border-green-300 bg-green-50 text-green-950 dark:border-green-800 dark:bg-green-950 dark:text-green-100"}`}
          >
            <span>{t.message}</span>
            <button
              type="button"
              onClick={() => dismiss(t.id)}
              className="rounded px-1 font-semibold"
              aria-label="Dismiss"
            >
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export const useToast = () => useContext(ToastContext);

/** Shows a toast each time `state` changes to one that says it saved (a server action's answer). */
export function useSavedToast(state: { saved?: boolean; message?: string }, message: string) {
  const toast = useToast();
  useEffect(() => {
    if (state.saved) toast(message);
  }, [state, message, toast]);
}
