import { rmSync } from "node:fs";
import { join } from "node:path";
import { App, type TerraformStack } from "cdktf";
import { loadStacksConfig, type StacksConfig } from "./config.js";
import { MlStack } from "./ml-stack.js";
import { evaluatePolicies, formatViolation, POLICY_RULES, type TerraformJson } from "./policy/index.js";

/** Options of {@link buildApp} and {@link synthesize}. */
export interface BuildAppOptions {
  /** @default the stacks' configuration (stacks/config.ts + the variables template + TFSTATE_* variables) */
  readonly config?: StacksConfig;
  /** @default CDKTF_OUTDIR, else "cdktf.out" (cdktf's own rule) */
  readonly outdir?: string;
}

/** The CDKTF app: one {@link MlStack} per environment, stack id = environment name. */
export function buildApp(options: BuildAppOptions = {}): { app: App; config: StacksConfig } {
  const config = options.config ?? loadStacksConfig();
  const app = new App({ outdir: options.outdir });
  for (const environment of config.environments) {
    new MlStack(app, environment.environment, { config, environment });
  }
  return { app, config };
}

/**
 * Synthesizes every stack to `<outdir>/stacks/<environment>/` (`cdk.tf.json`, or `cdk.tf` with
 * SYNTH_HCL_OUTPUT=true), then runs the policy suite over each stack's Terraform JSON with the environment's
 * exemptions and throws one error listing every violation. Returns the stack directories.
 */
export function synthesize(options: BuildAppOptions = {}): string[] {
  const { app, config } = buildApp(options);
  app.synth();
  const violations: string[] = [];
  for (const env of config.environments) {
    const stack = app.node.findChild(env.environment) as TerraformStack;
    const json = stack.toTerraform() as TerraformJson;
    const found = evaluatePolicies(env.environment, json, POLICY_RULES, env.policyExemptions);
    violations.push(...found.map(formatViolation));
  }
  if (violations.length > 0) {
    // Leave no non-compliant cdk.tf.json behind for a `terraform apply` to pick up.
    for (const env of config.environments)
      rmSync(join(app.outdir, "stacks", env.environment), { recursive: true, force: true });
    throw new Error(`${violations.length} policy violation(s): ${violations.join("; ")}`);
  }
  return config.environments.map((env) => join(app.outdir, "stacks", env.environment));
}
