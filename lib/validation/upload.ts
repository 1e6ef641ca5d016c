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
      return {
        ok: false,
        message: `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is ${maxBytes / 1024} KB. Pick the certificate file (.pem, .crt, .cer, .der, .p7b).`,
      };
    }
    return { ok: true, input: new Uint8Array(await file.arrayBuffer()) };
  }
  if (text.trim() === "") return { ok: false, message: "Choose a file or paste the certificate." };
  if (text.length > maxBytes)
    return {
      ok: false,
      message: `The pasted text is longer than ${maxBytes / 1024} KB; paste only the certificates.`,
    };
  return { ok: true, input: text };
}

/**
 * Several certificate files (the form's file input takes many: adopting an estate) plus pasted
 * text; each file is parsed on its own (DER files cannot be concatenated).
 */
export async function readUploads(
  form: FormData,
  maxBytes: number,
): Promise<{ ok: true; inputs: (string | Uint8Array)[] } | { ok: false; message: string }> {
  const files = form.getAll("file").filter((f): f is File => f instanceof File && f.size > 0);
  const text = String(form.get("text") ?? "");
  const total = files.reduce((n, f) => n + f.size, 0) + text.length;
  if (files.length === 0 && text.trim() === "")
    return { ok: false, message: "Choose a file or paste the certificate." };
  if (total > maxBytes)
    return {
      ok: false,
      message: `The upload is ${(total / 1024).toFixed(0)} KB; the limit is ${maxBytes / 1024} KB in all. Pick the certificate files (.pem, .crt, .cer, .der, .p7b).`,
    };
  const inputs: (string | Uint8Array)[] = await Promise.all(
    files.map(async (f) => new Uint8Array(await f.arrayBuffer())),
  );
  if (text.trim() !== "") inputs.push(text);
  return { ok: true, inputs };
}
