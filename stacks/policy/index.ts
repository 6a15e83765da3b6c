/**
 * The policy suite over synthesized stacks (pure: reads cdk.tf.json, no cdktf). `npm run synth` fails on a
 * violation; the tests flip each setting to prove each rule catches it.
 */
export {
  evaluatePolicies,
  formatViolation,
  type PolicyContext,
  type PolicyRule,
  referencedResource,
  resourcesOf,
  type TerraformJson,
  type TerraformResourceJson,
  type Violation,
} from "./evaluate.js";
export { POLICY_RULES } from "./rules.js";
