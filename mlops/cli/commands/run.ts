import { notBuilt } from "../not-built.js";

export const command = notBuilt("run", 4, 0);
