import { notBuilt } from "../not-built.js";

export const command = notBuilt("serve", 3, 1);
