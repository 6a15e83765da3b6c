// The CDKTF app (`cdktf.json` "app" runs this; `npm run synth` runs the same code prebundled, see synth.mjs):
// synthesizes every stack to <outdir>/stacks/<environment>/cdk.tf.json and checks the policy suite.
import { synthesize } from "./app.js";

try {
  synthesize();
} catch (error) {
  if (process.env.MLOPS_DEBUG) console.error(error);
  console.error(`synth: ${(error as Error).message}`);
  process.exitCode = 1;
}
