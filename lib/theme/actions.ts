"use server";
import { cookies } from "next/headers";

/** The theme is a cookie so that the server renders the right one: no flash, no inline script. */
export async function setTheme(form: FormData) {
  const theme = String(form.get("theme"));
  const jar = await cookies();
  if (theme === "light" || theme === "dark") {
    jar.set("theme", theme, { path: "/", maxAge: 365 * 86400, sameSite: "lax", httpOnly: true });
  } else {
    jar.delete("theme");
  }
}
