/**
 * Resource names for the stacks, in one place and free of cdktf so the Azure ML submitter (mlops/azure) can import
 * it to find the workspace, cluster and endpoints without synthesizing anything.
 */
export {
  checkLocation,
  type NameInput,
  NamingError,
  nameProblems,
  normalizeLocation,
  type ResourceNames,
  resourceNames,
  uniqueSuffix,
} from "./names.js";
export { checkName, formatNameProblem, NAME_RULES, type NameKind, type NameProblem, type NameRule } from "./rules.js";
