/** Saves text as a file through the browser; nothing is sent anywhere. */
export function downloadText(filename: string, text: string, type = "application/x-pem-file") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file name from a CN such as TLSMA-RSA/MGW_000001/PPR → TLSMA-RSA_MGW_000001_PPR. */
export const fileStem = (commonName: string) => commonName.replace(/[^A-Za-z0-9._-]+/g, "_");
