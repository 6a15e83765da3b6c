import { notBuilt } from "../not-built.js";

export const command = notBuilt("deploy", 6, 1);
