// The inventory report as a PDF an assessor can read: title, scope, generation time and audit
// head on the first page; tables whose rows wrap and that continue over pages with their header
// repeated; every page footed with the scope, the audit head and "Page i of n". pdfkit, on the
// server (ADR 0024). Its standard fonts (Helvetica, Courier) cover Latin-1 only: any other
// character is printed as "?" here; the CSV and JSON carry the exact text.
import PDFDocument from "pdfkit";
import { directionLabel, type InventoryRow, type ReportData } from "./data";

const PAGE = { size: "A4", layout: "landscape" as const, margin: 32 };
const FONT = "Helvetica";
const BOLD = "Helvetica-Bold";
const MONO = "Courier";
const BODY_SIZE = 6.5;
// 32 hex digits of Courier at 6 pt fit the fingerprint column: a fingerprint is exactly two lines.
const MONO_SIZE = 6;
const PAD = 2;
const FOOTER_SPACE = 22;

type Column<R> = { header: string; width: number; mono?: boolean; text: (r: R) => string };

/** Latin-1 only (what the standard fonts encode); anything else becomes "?". */
export function pdfSafe(text: string): string {
  return text.replace(/[\u2013\u2014]/g, "-").replace(/[^\n\x20-\x7e\xa0-\xff]/g, "?");
}

const kindLabel = (r: InventoryRow) =>
  r.kind === "client-certificate"
    ? "Client certificate"
    : r.kind === "oauth-signing-key"
      ? "OAuth signing key"
      : `Trust store: ${r.store}`;
const halves = (hex: string) => (hex.length > 32 ? `${hex.slice(0, 32)}\n${hex.slice(32)}` : hex);
const day = (iso: string) => iso.slice(0, 10);
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const INVENTORY_PDF_COLUMNS: Column<InventoryRow>[] = [
  { header: "Gateway / env", width: 58, text: (r) => `${r.merchantGatewayId}\n${r.environment}` },
  {
    header: "Item, direction, purpose",
    width: 84,
    text: (r) => `${kindLabel(r)}\n${directionLabel(r.direction)}\n${r.purpose}`,
  },
  { header: "Subject (CN)", width: 120, text: (r) => r.commonName || r.subject },
  {
    header: "Algorithm, strength",
    width: 56,
    text: (r) =>
      [`${r.algorithm} ${r.keyStrength}`.trim(), r.signatureAlgorithm].filter(Boolean).join("\n"),
  },
  { header: "Issuing CA", width: 84, text: (r) => r.issuer },
  { header: "Serial", width: 52, mono: true, text: (r) => r.serialNumber },
  { header: "SHA-256 fingerprint", width: 122, mono: true, text: (r) => halves(r.sha256) },
  {
    header: "Validity, days left",
    width: 70,
    text: (r) => `${r.daysLeft} days left\n${day(r.notBefore)} to ${day(r.notAfter)}\n${r.status}`,
  },
  { header: "Installations", width: 64, text: (r) => r.installations || "none recorded" },
  { header: "Custodians", width: 64, text: (r) => r.custodians || "none named" },
];

class Tables {
  constructor(private doc: PDFKit.PDFDocument) {}

  private get bottom() {
    return this.doc.page.height - this.doc.page.margins.bottom - FOOTER_SPACE;
  }

  heading(text: string, sub?: string) {
    const doc = this.doc;
    if (doc.y + 60 > this.bottom) doc.addPage();
    doc
      .moveDown(0.6)
      .font(BOLD)
      .fontSize(11)
      .fillColor("#111")
      .text(pdfSafe(text), doc.page.margins.left, doc.y);
    if (sub) doc.font(FONT).fontSize(7.5).fillColor("#444").text(pdfSafe(sub));
    doc.moveDown(0.3).fillColor("#111");
  }

  paragraph(text: string, size = 8) {
    this.doc
      .font(FONT)
      .fontSize(size)
      .fillColor("#111")
      .text(pdfSafe(text), this.doc.page.margins.left, this.doc.y, { width: this.width() });
  }

  width() {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  private drawHeader<R>(columns: Column<R>[]) {
    const doc = this.doc;
    const y = doc.y;
    doc.font(BOLD).fontSize(BODY_SIZE);
    const h =
      Math.max(...columns.map((c) => doc.heightOfString(c.header, { width: c.width - 2 * PAD }))) +
      2 * PAD;
    doc
      .rect(
        doc.page.margins.left,
        y,
        columns.reduce((s, c) => s + c.width, 0),
        h,
      )
      .fill("#e5e7eb");
    let x = doc.page.margins.left;
    doc.fillColor("#111");
    for (const c of columns) {
      doc.text(c.header, x + PAD, y + PAD, { width: c.width - 2 * PAD });
      x += c.width;
    }
    doc.y = y + h;
  }

  /** A table that wraps each cell and continues on the next page with its header repeated. */
  table<R>(columns: Column<R>[], rows: R[], empty: string) {
    const doc = this.doc;
    if (rows.length === 0) {
      this.paragraph(empty);
      return;
    }
    if (doc.y + 40 > this.bottom) doc.addPage();
    this.drawHeader(columns);
    const total = columns.reduce((s, c) => s + c.width, 0);
    // Measuring wrapped text is the slow part at 10,000 rows; many cells repeat (environment,
    // purpose, issuer, custodians), so each column remembers the heights it measured.
    const measured = columns.map(() => new Map<string, number>());
    rows.forEach((row, index) => {
      const cells = columns.map((c) => pdfSafe(c.text(row)));
      const heights = cells.map((text, i) => {
        const known = measured[i]!.get(text);
        if (known !== undefined) return known;
        doc.font(columns[i]!.mono ? MONO : FONT).fontSize(columns[i]!.mono ? MONO_SIZE : BODY_SIZE);
        const h = doc.heightOfString(text || " ", { width: columns[i]!.width - 2 * PAD });
        if (measured[i]!.size < 5000) measured[i]!.set(text, h);
        return h;
      });
      const h = Math.max(...heights) + 2 * PAD;
      if (doc.y + h > this.bottom) {
        doc.addPage();
        this.drawHeader(columns);
      }
      const y = doc.y;
      if (index % 2 === 1) doc.rect(doc.page.margins.left, y, total, h).fill("#f3f4f6");
      doc.fillColor("#111");
      let x = doc.page.margins.left;
      cells.forEach((text, i) => {
        doc
          .font(columns[i]!.mono ? MONO : FONT)
          .fontSize(columns[i]!.mono ? MONO_SIZE : BODY_SIZE)
          .text(text, x + PAD, y + PAD, { width: columns[i]!.width - 2 * PAD });
        x += columns[i]!.width;
      });
      doc
        .moveTo(doc.page.margins.left, y + h)
        .lineTo(doc.page.margins.left + total, y + h)
        .lineWidth(0.3)
        .strokeColor("#d1d5db")
        .stroke();
      doc.y = y + h;
    });
    doc.x = doc.page.margins.left;
  }

  keyValues(pairs: [string, string][]) {
    const doc = this.doc;
    for (const [k, v] of pairs) {
      const y = doc.y;
      doc.font(BOLD).fontSize(8.5).text(pdfSafe(k), doc.page.margins.left, y, { width: 130 });
      doc
        .font(FONT)
        .fontSize(8.5)
        .text(pdfSafe(v), doc.page.margins.left + 135, y, { width: this.width() - 135 });
      doc.y = Math.max(doc.y, y + 11);
    }
  }
}

/**
 * Renders the report; resolves to the whole PDF. Laid out twice: the first pass only counts the
 * pages (its output is dropped), the second writes each page, footer and "Page i of n" included,
 * as it goes. pdfkit's buffered pages (which footers could otherwise be added to at the end)
 * keep every page's drawing operations in memory: at 10,000 certificates that took the server
 * past the heap a 768 MiB container gives it. Both passes draw the same footer at the start of
 * each page, so they lay out identically.
 */
export async function reportPdf(data: ReportData): Promise<Buffer> {
  const pages = await layOut(data, null);
  return layOut(data, pages);
}

/** One pass; with `pages` null, resolves to the page count, else to the PDF. */
function layOut(data: ReportData, pages: null): Promise<number>;
function layOut(data: ReportData, pages: number): Promise<Buffer>;
function layOut(data: ReportData, pages: number | null): Promise<number | Buffer> {
  const doc = new PDFDocument({
    ...PAGE,
    margins: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
    // The counting pass is thrown away: no need to compress it.
    compress: pages !== null,
    info: {
      Title: data.title,
      Subject: `Scope: ${data.scope.label}`,
      Author: "D1 mTLS dashboard",
      CreationDate: new Date(data.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  let page = 1;
  const done = new Promise<number | Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => {
      if (pages !== null) chunks.push(c);
    });
    doc.on("end", () => resolve(pages === null ? page : Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const t = new Tables(doc);
  const footerText = pdfSafe(
    `D1 mTLS dashboard - inventory report - ${data.scope.label} - generated ${data.generatedAt.slice(0, 16).replace("T", " ")} UTC - audit head ${data.auditHead.seq}:${data.auditHead.hash.slice(0, 16)}...`,
  );
  const footer = () => {
    const { x, y: at } = doc;
    const y = doc.page.height - doc.page.margins.bottom - 10;
    // Writing below the bottom margin would add a page: lift the margin while the footer is drawn.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(FONT).fontSize(6.5).fillColor("#555");
    doc.text(footerText, doc.page.margins.left, y, { width: t.width() - 80, lineBreak: false });
    doc.text(`Page ${page} of ${pages ?? "?"}`, doc.page.width - doc.page.margins.right - 80, y, {
      width: 80,
      align: "right",
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
    doc.x = x;
    doc.y = at;
    doc.fillColor("#111");
  };
  footer();
  doc.on("pageAdded", () => {
    page += 1;
    footer();
  });
  const head = `${data.auditHead.seq}:${data.auditHead.hash}`;
  const review = data.review;

  doc.font(BOLD).fontSize(15).fillColor("#111").text(pdfSafe(data.title));
  doc.moveDown(0.4);
  t.keyValues([
    ["Scope", data.scope.label],
    [
      "Generated",
      `${data.generatedAt.replace("T", " ").replace(/\.\d+Z$/, " UTC")} by ${data.generatedBy}`,
    ],
    ["Audit-chain head", `seq ${data.auditHead.seq}, hash ${data.auditHead.hash}`],
    [
      "",
      "The record of this report's generation; the rows below are the database as of that record. Check with: npm run admin -- audit verify --anchor " +
        head,
    ],
    [
      "Contents",
      [
        count(data.inventory.length, "trusted key or certificate", "trusted keys and certificates"),
        count(data.protocols.length, "protocol observation", "protocol observations"),
        count(data.findings.length, "open finding", "open findings"),
        count(data.environments.length, "environment", "environments"),
      ].join(", "),
    ],
    [
      "Last review (12.3.3)",
      review.last
        ? `${review.last.reviewedOn} by ${review.last.reviewer} (scope: ${review.last.scope}); next due ${review.nextDue}${review.overdue ? " - OVERDUE" : ""}`
        : "No review recorded - OVERDUE",
    ],
  ]);
  t.paragraph(
    "Included: client certificates that are current (not revoked; superseded ones only while an installation still carries them), OAuth signing keys not retired (a bare key: its date is the rotate-by date), and every entry of the four trust stores of each environment. Inbound: our host calls Thales D1 (our client certificate, our OAuth assertion, the roots we trust for D1). Outbound: D1 calls our server (the Thales Client CA we trust, our server chain).",
    7.5,
  );

  t.heading("Environments, custodians and reviews");
  t.table(
    [
      {
        header: "Gateway",
        width: 150,
        text: (r: ReportData["environments"][number]) => `${r.merchantGatewayId}\n${r.gatewayName}`,
      },
      { header: "Env", width: 40, text: (r) => r.environment },
      { header: "Key custodians", width: 300, text: (r) => r.custodians || "none named" },
      {
        header: "Last review",
        width: 140,
        text: (r) =>
          r.lastReviewedOn ? `${r.lastReviewedOn} by ${r.lastReviewer}` : "none recorded",
      },
      {
        header: "Next review due",
        width: 100,
        text: (r) => `${r.nextReviewDue ?? "now"}${r.reviewOverdue ? " (OVERDUE)" : ""}`,
      },
    ],
    data.environments,
    "No environment in this scope.",
  );

  t.heading(
    "4.2.1.1 Trusted keys and certificates",
    "Algorithm and key strength, issuing CA, serial, SHA-256 fingerprint, validity and days left, installations and custodians.",
  );
  t.table(INVENTORY_PDF_COLUMNS, data.inventory, "No key or certificate in this scope.");

  t.heading(
    "12.3.3 Protocols and cipher suites in use",
    "What the latest probe of each endpoint negotiated, per TLS version tried.",
  );
  t.table(
    [
      {
        header: "Gateway / env",
        width: 70,
        text: (r: ReportData["protocols"][number]) => `${r.merchantGatewayId} ${r.environment}`,
      },
      {
        header: "Endpoint, direction",
        width: 150,
        text: (r) => `${r.endpoint}\n${directionLabel(r.direction)}`,
      },
      {
        header: "Probed",
        width: 80,
        text: (r) => `${r.probedAt.replace("T", " ").slice(0, 16)} UTC`,
      },
      { header: "Protocol", width: 50, text: (r) => r.protocol },
      { header: "Supported", width: 45, text: (r) => (r.supported ? "yes" : "no") },
      { header: "Cipher suite", width: 160, mono: true, text: (r) => r.cipher || "-" },
      {
        header: "Chain verified, client certificate required",
        width: 90,
        text: (r) =>
          `${r.chainVerified === null ? "no chain" : r.chainVerified ? "verified" : "NOT verified"}\n${r.clientCertRequired === null ? "unknown" : r.clientCertRequired ? "required" : "not required"}`,
      },
      { header: "Detail", width: 125, text: (r) => r.detail },
    ],
    data.protocols,
    "No probe result in this scope: add probe targets on the environment's Probes page and run them.",
  );

  t.heading("Open findings");
  t.table(
    [
      {
        header: "Gateway / env",
        width: 70,
        text: (r: ReportData["findings"][number]) => `${r.merchantGatewayId} ${r.environment}`,
      },
      { header: "Severity", width: 50, text: (r) => r.severity },
      { header: "Source", width: 55, text: (r) => r.source },
      { header: "Finding", width: 160, text: (r) => r.title },
      { header: "Detail", width: 435, text: (r) => r.detail },
    ],
    data.findings,
    "No open finding.",
  );

  t.heading("Last review");
  if (review.last) {
    t.keyValues([
      ["Reviewed on", `${review.last.reviewedOn} (scope: ${review.last.scope})`],
      ["Reviewer", review.last.reviewer],
      ["Notes", review.last.notes],
      ["What changed", review.last.changes || "nothing"],
      ["Next review due", `${review.nextDue}${review.overdue ? " - OVERDUE" : ""}`],
    ]);
  } else {
    t.paragraph(
      "No review of this scope was recorded. PCI DSS 12.3.3 asks for one at least every twelve months: an admin records it on the Reports page.",
    );
  }

  doc.end();
  return done;
}
