import { Badge } from "@/components/ui/card";
import type { RotationState, SigningKeyStatus } from "@/lib/signing-key/rotation";

const STATUS = {
  active: { tone: "green", label: "active" },
  pending: { tone: "blue", label: "not yet onboarded" },
  retired: { tone: "slate", label: "retired" },
} as const;

export function SigningKeyStatusBadge({ status }: { status: SigningKeyStatus }) {
  const { tone, label } = STATUS[status];
  return <Badge tone={tone}>{label}</Badge>;
}

const ROTATION = {
  ok: { tone: "green", label: "ok" },
  "rotation-due": { tone: "amber", label: "rotation due" },
  none: { tone: "red", label: "no key" },
} as const;

export function RotationBadge({ state }: { state: RotationState }) {
  const { tone, label } = ROTATION[state];
  return (
    <span data-testid="rotation-state" data-state={state}>
      <Badge tone={tone}>{label}</Badge>
    </span>
  );
}
