import type { FlagDef } from "../flags/index.js";

/** The repeatable `--set KEY=VALUE` flag every pipeline command takes. */
export const SET_FLAG = {
  type: "string",
  multiple: true,
  placeholder: "KEY=VALUE",
  description: "override a variable of the variables template",
} as const satisfies FlagDef;
