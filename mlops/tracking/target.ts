/** Where and as which run a step logs to MLflow: the tracking server's REST base, the run, the token. */
export interface TrackingTarget {
  /** `<tracking URI as https/http>/api/2.0/mlflow`. */
  readonly apiBase: string;
  readonly runId: string;
  /** Sent as `Authorization: Bearer <token>`; never printed. */
  readonly token?: string;
}

/** No tracking here (the usual local case), or why not, in one line. */
export type TrackingSetup =
  | { readonly kind: "off" }
  | { readonly kind: "skip"; readonly reason: string }
  | { readonly kind: "on"; readonly target: TrackingTarget };

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The MLflow run a step logs to, from the environment Azure ML gives every job: `MLFLOW_TRACKING_URI`
 * (`azureml://<region>.api.azureml.ms/mlflow/v1.0/subscriptions/…/workspaces/<ws>`), `MLFLOW_RUN_ID` (the step's
 * own run) and `MLFLOW_TRACKING_TOKEN` (the job's token). azureml-mlflow reads exactly these three
 * (`_mlflow_env_vars_set`, `get_service_context_from_tracking_url_mlflow_env_vars`: host `https://<netloc>`, the token
 * as a Bearer header); Azure's REST guide (Azure/azureml-examples, using_mlflow_rest_api.ipynb) replaces `azureml`
 * with `https` and appends `api/2.0/mlflow`. `http(s)://` URIs (a plain MLflow server) are used as they are, and the
 * token is optional there, as in MLflow's own client. No URI: off.
 */
export function trackingSetup(env: Env = process.env): TrackingSetup {
  const uri = env.MLFLOW_TRACKING_URI?.trim();
  if (!uri) return { kind: "off" };
  const base = restBase(uri);
  if (!base) {
    return { kind: "skip", reason: `MLFLOW_TRACKING_URI '${uri}' is not azureml://, https:// or http://` };
  }
  const runId = env.MLFLOW_RUN_ID?.trim();
  if (!runId) return { kind: "skip", reason: "MLFLOW_TRACKING_URI is set but MLFLOW_RUN_ID is not" };
  const token = env.MLFLOW_TRACKING_TOKEN?.trim();
  return { kind: "on", target: { apiBase: `${base}/api/2.0/mlflow`, runId, ...(token ? { token } : {}) } };
}

/** The tracking URI as an HTTP(S) base without a trailing slash, or undefined for other schemes. */
export function restBase(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  const scheme = url.protocol === "azureml:" ? "https:" : url.protocol;
  if (scheme !== "https:" && scheme !== "http:") return undefined;
  return `${scheme}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
}
