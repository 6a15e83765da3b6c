import { createHttpHeaders, createPipelineRequest, type HttpClient } from "@azure/core-rest-pipeline";
import type { IHttpClient, WebResource } from "@azure/storage-blob";

/**
 * @azure/storage-blob takes its `httpClient` in the older request-policy shape and converts it back itself; this
 * adapts a core-rest-pipeline HttpClient (the dry-run recorder) to that shape, so blob uploads reach the same
 * recorder as the ARM calls.
 */
export function storageHttpClient(client: HttpClient): IHttpClient {
  return {
    async sendRequest(resource: WebResource) {
      const request = createPipelineRequest({
        url: resource.url,
        method: resource.method,
        headers: createHttpHeaders(resource.headers.toJson({ preserveCase: true })),
        body: resource.body as never,
        abortSignal: resource.abortSignal as AbortSignal | undefined,
      });
      const response = await client.sendRequest(request);
      const raw = response.headers.toJSON({ preserveCase: true });
      const headers = {
        ...resource.headers,
        toJson: () => raw,
        get: (name: string) => response.headers.get(name),
        contains: (name: string) => response.headers.has(name),
        headersArray: () => Object.entries(raw).map(([name, value]) => ({ name, value })),
        headerNames: () => Object.keys(raw),
        headerValues: () => Object.values(raw),
        rawHeaders: () => raw,
      };
      return { request: resource, status: response.status, headers, bodyAsText: response.bodyAsText } as never;
    },
  };
}
