import { notBuilt } from "../not-built.js";

export const command = notBuilt("models", 4, 1);
