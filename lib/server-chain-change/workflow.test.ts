import { describe, expect, it } from "vitest";
import {
  allowedActions,
  changeWarnings,
  currentStep,
  isOpenChange,
  mayPlan,
  noChangeYet,
  SERVER_CHAIN_STEPS,
  SWITCH_NEEDS_NOTIFICATION,
  stepMark,
  switchNeedsOverride,
  whatsNext,
  type WorkflowChange,
} from "./workflow";

const change = (over: Partial<WorkflowChange> = {}): WorkflowChange => ({
  status: "planned",
  plannedAt: "2026-07-01",
  notifiedAt: null,
  acknowledgedAt: null,
  ...over,
});
const planned = change();
const notified = change({ status: "notified", notifiedAt: "2026-06-01" });
const acknowledged = change({
  status: "acknowledged",
  notifiedAt: "2026-06-01",
  acknowledgedAt: "2026-06-03",
});
const switched = change({ status: "switched", notifiedAt: "2026-06-01" });
const cancelled = change({ status: "cancelled" });

describe("server chain change workflow", () => {
  it("lists the four steps in order", () => {
    expect(SERVER_CHAIN_STEPS.map((s) => s.key)).toEqual([
      "planned",
      "notified",
      "acknowledged",
      "switched",
    ]);
  });

  it("knows which changes are open and which step is in progress", () => {
    expect([planned, notified, acknowledged, switched, cancelled].map(isOpenChange)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(currentStep(planned)).toBe("notified");
    expect(currentStep(notified)).toBe("acknowledged");
    expect(currentStep(acknowledged)).toBe("switched");
    expect(currentStep(switched)).toBeNull();
    expect(currentStep(cancelled)).toBeNull();
  });

  it("marks a step done, next, not recorded once closed, or nothing", () => {
    expect(stepMark(planned, "planned", true)).toBe("done");
    expect(stepMark(planned, "notified", false)).toBe("next");
    expect(stepMark(planned, "acknowledged", false)).toBeNull();
    expect(stepMark(switched, "acknowledged", false)).toBe("not-recorded");
    expect(stepMark(cancelled, "notified", false)).toBe("not-recorded");
  });

  it("says what to do next while the change is open", () => {
    expect(whatsNext(planned)).toBe(
      "Next: send the new chain to your Thales representative, before the switch planned for 2026-07-01, then record the date here.",
    );
    expect(whatsNext(notified)).toMatch(/^Next: record Thales' acknowledgement/);
    expect(whatsNext(acknowledged)).toMatch(/^Next: switch our server .*2026-07-01/);
    expect(whatsNext(switched)).toBeNull();
    expect(whatsNext(cancelled)).toBeNull();
  });

  it("warns of a passed date, a missing acknowledgement, a switch without one", () => {
    expect(changeWarnings(planned, "2026-07-02")).toEqual({
      switchedWithoutAcknowledgement: false,
      plannedDatePassed: true,
      notAcknowledgedYet: false,
    });
    expect(changeWarnings(planned, "2026-07-01").plannedDatePassed).toBe(false);
    expect(changeWarnings(notified, "2026-06-02").notAcknowledgedYet).toBe(true);
    expect(changeWarnings(acknowledged, "2026-06-04").notAcknowledgedYet).toBe(false);
    expect(changeWarnings(switched, "2026-08-01")).toEqual({
      switchedWithoutAcknowledgement: true,
      plannedDatePassed: false,
      notAcknowledgedYet: false,
    });
  });

  it("offers each form in its state, to operators, and nothing to viewers or closed changes", () => {
    expect(allowedActions(planned, "viewer").any).toBe(false);
    expect(allowedActions(switched, "admin").any).toBe(false);
    expect(allowedActions(cancelled, "operator").cancel).toBe(false);
    expect(allowedActions(planned, "operator")).toEqual({
      any: true,
      notify: true,
      acknowledge: false,
      switch: false,
      switchDisabledReason: SWITCH_NEEDS_NOTIFICATION,
      cancel: true,
    });
    expect(allowedActions(notified, "operator")).toEqual({
      any: true,
      notify: false,
      acknowledge: true,
      switch: true,
      switchDisabledReason: null,
      cancel: true,
    });
    expect(allowedActions(acknowledged, "operator")).toMatchObject({
      acknowledge: false,
      switch: true,
    });
  });

  it("lets only an admin switch before Thales is notified, with a reason", () => {
    expect(allowedActions(planned, "admin")).toMatchObject({
      switch: true,
      switchDisabledReason: null,
    });
    expect(switchNeedsOverride({ isAdmin: true, notified: false, reasonAsked: false })).toBe(true);
    expect(switchNeedsOverride({ isAdmin: true, notified: true, reasonAsked: false })).toBe(false);
    expect(switchNeedsOverride({ isAdmin: true, notified: true, reasonAsked: true })).toBe(true);
    expect(switchNeedsOverride({ isAdmin: false, notified: false, reasonAsked: true })).toBe(false);
    expect(SWITCH_NEEDS_NOTIFICATION).toBe(
      "Marking the change switched becomes possible once Thales' notification is recorded (only an admin can override that).",
    );
  });

  it("lets an operator plan a change when none is open", () => {
    expect(mayPlan(null, "operator")).toBe(true);
    expect(mayPlan(planned, "admin")).toBe(false);
    expect(mayPlan(null, "viewer")).toBe(false);
    expect(noChangeYet("operator")).toMatch(/^Plan one above/);
    expect(noChangeYet("viewer")).toMatch(/^An operator plans one/);
  });
});
