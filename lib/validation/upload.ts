/**
 * A certificate upload from a form: a file (binary kept as bytes: DER and PKCS#7 are binary)
 * or pasted text. Refuses empty and oversized input with a sentence that says what to do.
 */
export async function readUpload(
  form: FormData,
  maxBytes: number,
): Promise<{ ok: true; input: string | Uint8Array } | { ok: false; message: string }> {
  const file = form.get("file");
  const text = String(form.get("text") ?? "");
  if (file instanceof File && file.size > 0) {
    if (file.size > maxBytes) {
      return { ok: false, message: `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is ${maxBytes / 1024} KB. Pick the certificate file (.pem, .crt, .cer, .der, .p7b).` };
    }
    return { ok: true, input: new Uint8Array(await file.arrayBuffer()) };
  }
  if (text.trim() === "") return { ok: false, message: "Choose a file or paste the certificate." };
  if (text.length > maxBytes) return { ok: false, message: `The pasted text is longer than ${maxBytes / 1024} KB; paste only the certificates.` };
  return { ok: true, input: text };
}
