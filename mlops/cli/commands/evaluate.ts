import { notBuilt } from "../not-built.js";

export const command = notBuilt("evaluate", 4, 1);
