import { notBuilt } from "../not-built.js";

export const command = notBuilt("smoke-test", 3, 1);
