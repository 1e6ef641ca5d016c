// Path validation for what the dashboard needs to know: does this certificate chain, signature by
// signature, to one of the CAs we trust, and is every issuer on the way a valid CA at `at`?
// Not a full RFC 5280 validator: no revocation, name constraints or policies (TLS stacks and
// the partner do those at connection time). Every problem found is reported, not just the first.
import { certificateLabel, couldHaveIssued } from "./issuer";
import type { ParsedCertificate } from "./certificate";
import { x509 } from "./x509";
import { isoDay } from "@/lib/dates";

export const CHAIN_PROBLEM_CODES = {
  "chain.no_path": "No issuer was found among the intermediate and trusted CAs given.",
  "chain.untrusted_root": "The chain ends at a self-signed CA that is not among the trusted CAs.",
  "chain.bad_signature": "A signature in the chain does not verify.",
  "chain.signature_unverifiable": "A signature uses an algorithm that cannot be checked here.",
  "chain.expired": "The certificate itself has expired.",
  "chain.not_yet_valid": "The certificate itself is not valid yet.",
  "chain.expired_issuer": "An issuing CA certificate has expired.",
  "chain.issuer_not_yet_valid": "An issuing CA certificate is not valid yet.",
  "chain.issuer_not_ca": "An issuer is not marked as a CA (basicConstraints cA).",
  "chain.issuer_key_usage": "An issuer's key usage does not allow signing certificates.",
  "chain.path_length_exceeded": "A CA's path length constraint is exceeded.",
  "chain.too_long": "The chain is longer than any real chain.",
} as const;

export type ChainProblemCode = keyof typeof CHAIN_PROBLEM_CODES;

export interface ChainProblem {
  code: ChainProblemCode;
  message: string;
  /** SHA-256 of the certificate the problem is about. */
  certificateSha256?: string;
}

export interface ChainResult {
  ok: boolean;
  /** Leaf first, then each issuer found; ends with the anchor when one was reached. */
  path: ParsedCertificate[];
  anchor?: ParsedCertificate;
  problems: ChainProblem[];
}

// Real chains have 2–4 certificates; the cap bounds the work on hostile inputs.
const MAX_PATH_LENGTH = 10;
const WEBCRYPTO_CURVES = new Set(["P-256", "P-384", "P-521"]);

type SignatureCheck = "ok" | "bad" | "unsupported";

export async function verifyChain(
  leaf: ParsedCertificate,
  intermediates: ParsedCertificate[],
  anchors: ParsedCertificate[],
  at: Date = new Date(),
): Promise<ChainResult> {
  const problems: ChainProblem[] = [];
  const isAnchor = (c: ParsedCertificate) => anchors.some((a) => a.sha256 === c.sha256);
  // Anchors first, so that a CA given both as intermediate and as anchor ends the path.
  const pool = dedupe([...anchors, ...intermediates]);
  const path = [leaf];
  let anchor = isAnchor(leaf) ? leaf : undefined; // a directly trusted (pinned) certificate
  for (let current = leaf; !anchor; ) {
    if (path.length >= MAX_PATH_LENGTH) {
      problems.push(
        problem(
          "chain.too_long",
          `The chain is longer than ${MAX_PATH_LENGTH} certificates, so it was not followed further.`,
          current,
        ),
      );
      break;
    }
    const candidates = pool.filter(
      (c) => !path.some((p) => p.sha256 === c.sha256) && couldHaveIssued(c, current),
    );
    if (candidates.length === 0) {
      problems.push(await noIssuer(current));
      break;
    }
    const checks: SignatureCheck[] = [];
    let issuer: ParsedCertificate | undefined;
    for (const candidate of candidates) {
      const check = await checkSignature(current, candidate);
      checks.push(check);
      if (check === "ok") {
        issuer = candidate;
        break;
      }
    }
    if (!issuer) {
      problems.push(
        signatureProblem(current, candidates[0]!, checks.includes("bad") ? "bad" : "unsupported"),
      );
      break;
    }
    path.push(issuer);
    if (isAnchor(issuer)) anchor = issuer;
    current = issuer;
  }
  // The checks run on whatever part of the path was found, so the user sees all problems at once.
  problems.push(...checkDates(path, at), ...checkIssuers(path, anchor));
  return {
    ok: problems.length === 0 && anchor !== undefined,
    path,
    ...(anchor ? { anchor } : {}),
    problems,
  };
}

async function noIssuer(current: ParsedCertificate): Promise<ChainProblem> {
  if (current.selfIssued && (await checkSignature(current, current)) === "ok") {
    return problem(
      "chain.untrusted_root",
      `The chain ends at the self-signed certificate ${certificateLabel(current)}, which is not one of the trusted CAs.`,
      current,
    );
  }
  return problem(
    "chain.no_path",
    `The issuer of ${certificateLabel(current)} (${current.issuerDn || "empty name"}) is not among the intermediate or trusted CA certificates, so the chain cannot be completed.`,
    current,
  );
}

function signatureProblem(
  child: ParsedCertificate,
  issuer: ParsedCertificate,
  kind: "bad" | "unsupported",
): ChainProblem {
  return kind === "bad"
    ? problem(
        "chain.bad_signature",
        `The signature on ${certificateLabel(child)} does not verify with the key of ${certificateLabel(issuer)}: it was altered, or it was issued by another CA with the same name.`,
        child,
      )
    : problem(
        "chain.signature_unverifiable",
        `The signature on ${certificateLabel(child)} uses ${child.signatureAlgorithm.name} with a ${describeKey(issuer)} key, which cannot be checked here.`,
        child,
      );
}

/** Verifies child's signature with issuer's public key through WebCrypto (browser and Node alike). */
async function checkSignature(
  child: ParsedCertificate,
  issuer: ParsedCertificate,
): Promise<SignatureCheck> {
  // The x509 library reports a key it cannot import as a plain "false"; tell those cases apart.
  const keyUsable =
    issuer.keyType === "RSA" ||
    (issuer.keyType === "ECDSA" && WEBCRYPTO_CURVES.has(issuer.curve ?? ""));
  if (
    !keyUsable ||
    child.signatureAlgorithm.hash === null ||
    child.signatureAlgorithm.hash === "MD5"
  )
    return "unsupported";
  try {
    const cert = new x509.X509Certificate(child.der);
    const ok = await cert.verify(
      { publicKey: issuer.spki, signatureOnly: true },
      globalThis.crypto,
    );
    return ok ? "ok" : "bad";
  } catch {
    return "unsupported";
  }
}

function checkDates(path: ParsedCertificate[], at: Date): ChainProblem[] {
  const when = at.getTime();
  return path.flatMap((cert, i): ChainProblem[] => {
    const name = certificateLabel(cert);
    if (cert.notAfter.getTime() < when) {
      return i === 0
        ? [
            problem(
              "chain.expired",
              `The certificate ${name} expired on ${day(cert.notAfter)}.`,
              cert,
            ),
          ]
        : [
            problem(
              "chain.expired_issuer",
              `The issuing CA certificate ${name} expired on ${day(cert.notAfter)}, so nothing it signed can be trusted any more.`,
              cert,
            ),
          ];
    }
    if (cert.notBefore.getTime() > when) {
      return i === 0
        ? [
            problem(
              "chain.not_yet_valid",
              `The certificate ${name} is not valid until ${day(cert.notBefore)}.`,
              cert,
            ),
          ]
        : [
            problem(
              "chain.issuer_not_yet_valid",
              `The issuing CA certificate ${name} is not valid until ${day(cert.notBefore)}.`,
              cert,
            ),
          ];
    }
    return [];
  });
}

function checkIssuers(
  path: ParsedCertificate[],
  anchor: ParsedCertificate | undefined,
): ChainProblem[] {
  const problems: ChainProblem[] = [];
  path.forEach((issuer, i) => {
    if (i === 0) return;
    const name = certificateLabel(issuer);
    // X.509 v1 roots predate basicConstraints; as configured trust anchors they are accepted.
    const legacyAnchor = issuer === anchor && issuer.version < 3;
    if (!issuer.isCa && !legacyAnchor) {
      problems.push(
        problem(
          "chain.issuer_not_ca",
          `${name} signed ${certificateLabel(path[i - 1]!)} but is not a CA certificate (its basic constraints do not say "CA"), so the signature gives no trust.`,
          issuer,
        ),
      );
    }
    if (issuer.keyUsage.length > 0 && !issuer.keyUsage.includes("keyCertSign")) {
      problems.push(
        problem(
          "chain.issuer_key_usage",
          `${name} is not allowed to sign certificates (its key usage lacks keyCertSign).`,
          issuer,
        ),
      );
    }
    // pathLenConstraint counts the non-self-issued intermediate CAs below this one.
    const below = path.slice(1, i).filter((c) => !c.selfIssued).length;
    if (issuer.pathLength !== undefined && below > issuer.pathLength) {
      problems.push(
        problem(
          "chain.path_length_exceeded",
          `${name} allows ${issuer.pathLength} intermediate CA(s) below it, but the chain has ${below}.`,
          issuer,
        ),
      );
    }
  });
  return problems;
}

function problem(code: ChainProblemCode, message: string, cert?: ParsedCertificate): ChainProblem {
  return cert ? { code, message, certificateSha256: cert.sha256 } : { code, message };
}

function dedupe(certs: ParsedCertificate[]): ParsedCertificate[] {
  const seen = new Set<string>();
  return certs.filter((c) => {
    if (seen.has(c.sha256)) return false;
    seen.add(c.sha256);
    return true;
  });
}

function describeKey(cert: ParsedCertificate): string {
  if (cert.keyType === "RSA") return `RSA ${cert.keySize ?? ""}`.trim();
  if (cert.keyType === "ECDSA") return `ECDSA ${cert.curve ?? ""}`.trim();
  return "non-RSA, non-ECDSA";
}

function day(date: Date): string {
  return `${isoDay(date)} (UTC)`;
}
