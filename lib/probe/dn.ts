// Distinguished names written by OpenSSL (`-nameopt …,esc_2253,sep_comma_plus_space`) and by
// lib/pki ("C=FR, O=Example Payments\, SAS, CN=…") differ in spacing around "+" and "=", and in
// case: both are read into one canonical form before they are compared.

/** Splits on `sep` where it is not escaped by a backslash. */
function splitUnescaped(text: string, sep: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\" && i + 1 < text.length) {
      current += c + text[i + 1];
      i++;
    } else if (c === sep) {
      parts.push(current);
      current = "";
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

function unescapeDnValue(value: string): string {
  return value.replace(/\\([0-9a-fA-F]{2}|.)/g, (_, e: string) =>
    e.length === 2 ? String.fromCharCode(parseInt(e, 16)) : e,
  );
}

const ALIASES: Record<string, string> = {
  COMMONNAME: "CN",
  COUNTRYNAME: "C",
  ORGANIZATIONNAME: "O",
  ORGANIZATIONALUNITNAME: "OU",
  LOCALITYNAME: "L",
  STATEORPROVINCENAME: "ST",
  S: "ST",
  EMAILADDRESS: "EMAILADDRESS",
  "2.5.4.3": "CN",
  "2.5.4.6": "C",
  "2.5.4.7": "L",
  "2.5.4.8": "ST",
  "2.5.4.10": "O",
  "2.5.4.11": "OU",
};

/**
 * A comparable form of a DN string: attribute types upper-cased (with aliases), values unescaped,
 * spaces collapsed, case folded (as X.500 matching of directory strings does), RDN order kept,
 * attributes within a multi-valued RDN sorted.
 */
export function canonicalDn(dn: string): string {
  return splitUnescaped(dn.trim(), ",")
    .map((rdn) =>
      splitUnescaped(rdn, "+")
        .map((atv) => {
          const eq = atv.indexOf("=");
          const type = (eq < 0 ? "" : atv.slice(0, eq)).trim().toUpperCase();
          const value = unescapeDnValue((eq < 0 ? atv : atv.slice(eq + 1)).trim())
            .replace(/\s+/g, " ")
            .toLowerCase();
          return `${ALIASES[type] ?? type}=${value}`;
        })
        .sort()
        .join("+"),
    )
    .join(",");
}

/** Which Thales Client CA subjects our server names as acceptable, which it misses, and the rest. */
export function thalesClientCaAcceptance(
  acceptableCaNames: string[],
  thalesClientCaSubjects: string[],
): { matches: string[]; missing: string[]; extra: string[] } {
  const offered = new Set(acceptableCaNames.map(canonicalDn));
  const subjects = [...new Set(thalesClientCaSubjects)];
  const stored = new Set(subjects.map(canonicalDn));
  return {
    matches: subjects.filter((s) => offered.has(canonicalDn(s))),
    missing: subjects.filter((s) => !offered.has(canonicalDn(s))),
    // "Endorse only the Thales Client CA": every other CA our server names is one too many.
    extra: acceptableCaNames.filter((n) => !stored.has(canonicalDn(n))),
  };
}
