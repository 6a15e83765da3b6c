import { notBuilt } from "../not-built.js";

export const command = notBuilt("score", 3, 1);
