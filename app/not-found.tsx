import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">There is nothing at this address.</p>
      <Link href="/" className="mt-6 inline-block text-blue-700 hover:underline dark:text-blue-300">
        Back to the overview
      </Link>
    </main>
  );
}
