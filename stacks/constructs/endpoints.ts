import type { Construct } from "constructs";
import { type EndpointAuthMode, MlEndpoint, type MlEndpointProps } from "./ml-endpoint.js";

/** Props of {@link OnlineEndpoint}. */
export interface OnlineEndpointProps extends MlEndpointProps {
  /**
   * `Key` (a key in the Authorization header; what the smoke test sends) or `AADToken` (Microsoft Entra ID).
   * @default "Key"
   */
  readonly authMode?: EndpointAuthMode;
  /**
   * Accept scoring calls from the internet. Off requires a private endpoint on the workspace.
   * @default false
   */
  readonly publicNetworkAccessEnabled?: boolean;
}

/** A managed online endpoint (real-time scoring) — `Microsoft.MachineLearningServices/workspaces/onlineEndpoints`. */
export class OnlineEndpoint extends MlEndpoint {
  constructor(scope: Construct, id: string, props: OnlineEndpointProps) {
    super(scope, id, props, {
      kind: "onlineEndpoint",
      armType: "onlineEndpoints",
      authMode: props.authMode ?? "Key",
      allowedAuthModes: ["Key", "AADToken"],
      properties: { publicNetworkAccess: props.publicNetworkAccessEnabled ? "Enabled" : "Disabled" },
    });
  }
}

/** Props of {@link BatchEndpoint}. */
export interface BatchEndpointProps extends MlEndpointProps {
  /**
   * Batch endpoints accept Microsoft Entra ID tokens only.
   * @default "AADToken"
   */
  readonly authMode?: EndpointAuthMode;
}

/** A batch endpoint (scoring jobs over files) — `Microsoft.MachineLearningServices/workspaces/batchEndpoints`. */
export class BatchEndpoint extends MlEndpoint {
  constructor(scope: Construct, id: string, props: BatchEndpointProps) {
    super(scope, id, props, {
      kind: "batchEndpoint",
      armType: "batchEndpoints",
      authMode: props.authMode ?? "AADToken",
      allowedAuthModes: ["AADToken"],
      properties: {},
    });
  }
}
