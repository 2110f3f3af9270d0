// http: bounded, address-checked fetching of user-supplied URLs, shared by every source that
// reads from the web (articles now; feeds later).
export { safeFetch, isPrivateAddress, FETCH_DEFAULTS } from "./safe-fetch.ts";
export type { SafeFetchOptions, FetchedResource } from "./safe-fetch.ts";
export { ApiClient, abortableSleep, rateLimitResetAt, DEFAULT_RETRY } from "./api-client.ts";
export type { ApiClientOptions, ApiRequest, ApiResponse, RetryPolicy, WaitEvent } from "./api-client.ts";
