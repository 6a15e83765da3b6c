import { CliError } from "../../errors/index.js";

/** The two deployment names blue/green alternates between. */
const SLOTS = ["blue", "green"] as const;

/**
 * The deployment to (re)create: the slot that carries no traffic, so the live one keeps serving while the new one
 * is created and smoke-tested. With no deployments yet: blue.
 */
export function pickSlot(traffic: Readonly<Record<string, number>>): string {
  const live = liveDeployment(traffic);
  const slot = SLOTS.find((s) => s !== live) ?? SLOTS[0];
  // Replacing a deployment that still serves requests (a split, e.g. a manual canary) would put an untested model
  // in front of users and, on a failed smoke test, delete a live deployment.
  if ((traffic[slot] ?? 0) > 0) {
    throw new CliError(
      `the endpoint splits its traffic (${describeTraffic(traffic)}): blue/green needs one deployment at 0 %; ` +
        "move all traffic to one deployment first",
    );
  }
  return slot;
}

/** The deployment with the most traffic, if any carries traffic. */
function liveDeployment(traffic: Readonly<Record<string, number>>): string | undefined {
  const [name, share] = Object.entries(traffic).sort((a, b) => b[1] - a[1])[0] ?? [];
  return name !== undefined && (share ?? 0) > 0 ? name : undefined;
}

/** All traffic to `slot`; every other deployment kept at 0 % (still deployed, for a quick roll back). */
export function moveTraffic(traffic: Readonly<Record<string, number>>, slot: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of Object.keys(traffic)) out[name] = 0;
  out[slot] = 100;
  return out;
}

/** `blue 100 %, green 0 %` */
export function describeTraffic(traffic: Readonly<Record<string, number>>): string {
  const entries = Object.entries(traffic);
  return entries.length === 0 ? "no traffic" : entries.map(([name, share]) => `${name} ${share} %`).join(", ");
}
