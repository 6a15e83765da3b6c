import { notBuilt } from "../not-built.js";

export const command = notBuilt("register", 4, 1);
