"use client";
import { useEffect, useRef } from "react";
import { usePathname } from "next/navigation";

/** Closes the <details> menu it sits in once a link in it has navigated somewhere else. */
export function CloseOnNavigate() {
  const ref = useRef<HTMLSpanElement>(null);
  const pathname = usePathname();
  // biome-ignore lint/correctness/useExhaustiveDependencies: pathname is the trigger, close on each navigation
  useEffect(() => {
    ref.current?.closest("details")?.removeAttribute("open");
  }, [pathname]);
  return <span ref={ref} hidden />;
}
