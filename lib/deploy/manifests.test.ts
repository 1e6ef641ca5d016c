// The container, Compose and Kubernetes recipes say what docs/deployment.md says: checked on the
// files themselves (the Dockerfile, compose.yaml) and on what `kubectl kustomize` renders.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { contextCopies, runtimeStage } from "./dockerfile";
// biome-ignore format: @ts-expect-error covers one line, so the import stays on one
// @ts-expect-error plain ESM script without types
import { isTrusted, parseTrustedProxies } from "../../scripts/forwarded.mjs";

const image = runtimeStage();
const hasKubectl = spawnSync("kubectl", ["version", "--client"], { stdio: "ignore" }).status === 0;
if (!hasKubectl)
  console.warn("[manifests] SKIPPED the Kubernetes rendering tests: kubectl is not installed");

describe("Dockerfile", () => {
  const keywords = (k: string) =>
    image.instructions.filter((i) => i.keyword === k).map((i) => i.args);

  it("runs the standalone server on Debian slim Node 20 as a non-root user, /data the only volume", () => {
    expect(image.from).toMatch(/^node:20-[a-z]+-slim$/);
    // scripts/container-start.sh: the allocator's settings, then npm start's server (ADR 0037).
    expect(image.cmd).toEqual(["/bin/sh", "container-start.sh"]);
    expect(keywords("USER")).toEqual(["10001:10001"]);
    expect(keywords("VOLUME")).toEqual(['["/data"]']);
    expect(image.env).toMatchObject({
      NODE_ENV: "production",
      DATA_DIR: "/data",
      HOSTNAME: "0.0.0.0",
      PORT: "3000",
    });
    expect(keywords("STOPSIGNAL")).toEqual(["SIGTERM"]);
    expect(keywords("HEALTHCHECK").join()).toContain("/api/health");
    // the runtime stage takes only the traced build output, the server's modules and its start
    // script, no npm install, no other sources
    expect(keywords("COPY")).toEqual([
      "--from=build /src/.next/standalone ./",
      expect.stringMatching(/ \.\/scripts\/$/),
      "scripts/container-start.sh ./container-start.sh",
    ]);
    expect(keywords("RUN").join()).not.toMatch(/npm|yarn|pnpm/);
  });

  it("copies every module npm start's servers import, and no other script", () => {
    // The local imports of both servers, followed through each module (ADR 0037).
    const closure = new Set<string>();
    const visit = (file: string) => {
      if (closure.has(file)) return;
      closure.add(file);
      const text = fs.readFileSync(file, "utf8");
      for (const [, spec] of text.matchAll(/from "(\.\/[\w.-]+\.mjs)"/g))
        visit(path.posix.join(path.posix.dirname(file), spec!));
    };
    visit("scripts/http-server.mjs");
    visit("scripts/https-server.mjs");
    const copied = contextCopies(image)
      .map(([from]) => from)
      .filter((from) => from.endsWith(".mjs"));
    expect(copied.sort()).toEqual([...closure].sort());
  });

  it("leaves secrets, data and local builds out of the build context", () => {
    const ignored = fs.readFileSync(".dockerignore", "utf8").split("\n");
    for (const entry of [".git", "node_modules", ".next", "data", ".env", "secrets"])
      expect(ignored).toContain(entry);
  });
});

describe("compose.yaml", () => {
  const compose = parse(fs.readFileSync("compose.yaml", "utf8"));
  const app = compose.services.app;

  it("runs two app instances of this image on PostgreSQL, with the scheduler on", () => {
    expect(app.build).toBe(".");
    expect(app.deploy.replicas).toBe(2);
    expect(app.environment.REMINDERS_SCHEDULER).toBe("on");
    expect(compose.services.db.image).toMatch(/^postgres:\d+/);
    expect(app.depends_on.db.condition).toBe("service_healthy");
  });

  it("reads AUTH_SECRET and DATABASE_URL from Compose secrets (files), never from the file itself", () => {
    expect(app.environment.AUTH_SECRET).toBeUndefined();
    expect(app.environment.DATABASE_URL).toBeUndefined();
    for (const [variable, secret] of [
      ["AUTH_SECRET_FILE", "auth_secret"],
      ["DATABASE_URL_FILE", "database_url"],
    ] as const) {
      expect(app.environment[variable]).toBe(`/run/secrets/${secret}`);
      expect(app.secrets).toContain(secret);
      expect(compose.secrets[secret].file).toBe(`./secrets/${secret}`);
    }
    expect(compose.services.db.environment.POSTGRES_PASSWORD_FILE).toBe("/run/secrets/db_password");
    expect(fs.readFileSync(".gitignore", "utf8")).toMatch(/^\/secrets\/$/m);
  });

  it("sends reminder email to the mail catcher, and stops within the grace period", () => {
    expect(compose.services.mail.image).toMatch(/^axllent\/mailpit/);
    expect(app.environment.SMTP_URL).toBe("smtp://mail:1025");
    expect(app.stop_signal).toBe("SIGTERM");
    expect(Number.parseInt(app.stop_grace_period, 10)).toBeGreaterThan(
      Number(app.environment.SHUTDOWN_TIMEOUT_SECONDS),
    );
    expect(app.read_only).toBe(true);
  });

  it("puts a load balancer over both instances, on the APP_URL port", () => {
    expect(compose.services.lb.ports).toEqual(["8080:8080"]);
    expect(compose.configs.nginx.content).toContain("proxy_pass http://app:3000;");
    expect(app.environment.APP_URL).toBe("http://localhost:8080");
  });

  it("believes the client's address from the load balancer only, which overwrites it", () => {
    const lbAddress = compose.services.lb.networks.default.ipv4_address;
    expect(app.environment.TRUSTED_PROXIES).toBe(lbAddress);
    const trusted = parseTrustedProxies(app.environment.TRUSTED_PROXIES);
    expect(isTrusted(trusted, lbAddress)).toBe(true);
    expect(isTrusted(trusted, "172.30.0.11")).toBe(false); // another container of the project
    const subnet = compose.networks.default.ipam.config[0].subnet as string;
    expect(lbAddress.startsWith(subnet.split(".").slice(0, 3).join("."))).toBe(true);
    expect(compose.configs.nginx.content).toContain(
      "proxy_set_header X-Forwarded-For $$remote_addr;",
    );
  });
});

type K8s = {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: parsed YAML; the assertions state the shape they expect
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
};
type SecretRef = { valueFrom?: { secretKeyRef?: { name: string; key: string } } };
const render = (dir: string): K8s[] =>
  parseAllDocuments(execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8" })).map(
    (d) => d.toJS() as K8s,
  );
const one = (docs: K8s[], kind: string) => {
  const found = docs.filter((d) => d.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0]!;
};

describe.skipIf(!hasKubectl)("Kubernetes manifests (kubectl kustomize)", () => {
  const base = hasKubectl ? render("deploy/kubernetes/base") : [];
  const embedded = hasKubectl ? render("deploy/kubernetes/embedded-database") : [];
  const container = (docs: K8s[]) => one(docs, "Deployment").spec.template.spec.containers[0];

  it("renders a Deployment, a Service, a PodDisruptionBudget and a ConfigMap; the Secret is a template", () => {
    expect(base.map((d) => d.kind).sort()).toEqual([
      "ConfigMap",
      "Deployment",
      "PodDisruptionBudget",
      "Service",
    ]);
    const deployment = one(base, "Deployment");
    expect(deployment.spec.replicas).toBe(2);
    const podLabels = deployment.spec.template.metadata.labels;
    for (const selector of [
      one(base, "Service").spec.selector,
      one(base, "PodDisruptionBudget").spec.selector.matchLabels,
      deployment.spec.selector.matchLabels,
    ]) {
      expect(podLabels).toMatchObject(selector);
    }
    expect(one(base, "PodDisruptionBudget").spec.minAvailable).toBe(1);
  });

  it("checks /api/health on the app's port for readiness and liveness, and asks for resources", () => {
    const app = container(base);
    const http = app.ports.find((p: { name: string }) => p.name === "http");
    expect(http.containerPort).toBe(Number(image.env.PORT));
    for (const probe of ["readinessProbe", "livenessProbe", "startupProbe"])
      expect(app[probe].httpGet, probe).toEqual({ path: "/api/health", port: "http" });
    expect(app.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(app.resources.limits.memory).toBeDefined();
  });

  it("runs as the image's non-root user on a read-only root filesystem, with /tmp the only writable place", () => {
    const pod = one(base, "Deployment").spec.template.spec;
    const app = container(base);
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
    });
    expect(app.securityContext).toEqual({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
    });
    expect(app.volumeMounts).toEqual([{ name: "tmp", mountPath: "/tmp" }]);
    expect(pod.volumes).toEqual([{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }]);
  });

  it("gives a SIGTERM time to drain: grace period > preStop + SHUTDOWN_TIMEOUT_SECONDS", () => {
    const config = one(base, "ConfigMap").data!;
    const pod = one(base, "Deployment").spec.template.spec;
    const preStop = Number(container(base).lifecycle.preStop.exec.command[1]);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(
      preStop + Number(config.SHUTDOWN_TIMEOUT_SECONDS),
    );
    expect(container(base).envFrom).toEqual([
      { configMapRef: { name: one(base, "ConfigMap").metadata.name } },
    ]);
  });

  it("believes X-Forwarded-For from in-cluster addresses only, in a form the server accepts", () => {
    const trusted = parseTrustedProxies(one(base, "ConfigMap").data!.TRUSTED_PROXIES);
    expect(isTrusted(trusted, "10.244.1.17")).toBe(true); // a pod, such as the ingress controller
    expect(isTrusted(trusted, "203.0.113.9")).toBe(false); // anyone outside the cluster
  });

  it("takes every secret the Deployment reads from the Secret template", () => {
    const template = parse(fs.readFileSync("deploy/kubernetes/secret.example.yaml", "utf8")) as K8s;
    const refs = container(base)
      .env.filter((e: SecretRef) => e.valueFrom?.secretKeyRef)
      .map((e: SecretRef) => e.valueFrom!.secretKeyRef);
    expect(refs.map((r: { key: string }) => r.key).sort()).toEqual([
      "AUTH_SECRET",
      "DATABASE_URL",
      "SMTP_URL",
    ]);
    for (const ref of refs) {
      expect(ref.name).toBe(template.metadata.name);
      expect(Object.keys(template.stringData!)).toContain(ref.key);
    }
  });

  it("runs the embedded database as one replica, replaced not rolled, on a volume at /data, without DATABASE_URL", () => {
    const deployment = one(embedded, "Deployment");
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: "Recreate" });
    const app = container(embedded);
    expect(app.env.map((e: { name: string }) => e.name)).not.toContain("DATABASE_URL");
    expect(app.env).toContainEqual({ name: "DATA_DIR", value: image.env.DATA_DIR });
    expect(app.volumeMounts).toContainEqual({ name: "data", mountPath: "/data" });
    const claim = one(embedded, "PersistentVolumeClaim");
    expect(deployment.spec.template.spec.volumes).toContainEqual({
      name: "data",
      persistentVolumeClaim: { claimName: claim.metadata.name },
    });
    expect(claim.spec.accessModes).toEqual(["ReadWriteOnce"]);
    // one replica: a budget of minAvailable 1 would block every node drain
    expect(one(embedded, "PodDisruptionBudget").spec).toMatchObject({ maxUnavailable: 1 });
    expect(one(embedded, "PodDisruptionBudget").spec.minAvailable).toBeUndefined();
  });
});
