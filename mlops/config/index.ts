export { type LoadVariablesOptions, loadVariables, variablesAsText } from "./load.js";
export { SCHEMA, type TypedVariables, type VariableName, type Variables } from "./schema.js";
export { findTemplate, TEMPLATE_FILE } from "./template.js";
