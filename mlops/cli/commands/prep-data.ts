import { notBuilt } from "../not-built.js";

export const command = notBuilt("prep-data", 4, 1);
