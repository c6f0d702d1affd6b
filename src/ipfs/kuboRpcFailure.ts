/** Network error codes that mean the node could not be reached at all. */
const UNREACHABLE = new Set(["ECONNREFUSED", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * Describes why a request to the Kubo RPC API failed, for the end of an error message: the node's
 * own message for an HTTP error, a timeout, or a connection failure, each with what to do next.
 */
export function describeRpcFailure(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return String(error);

  if (error.name === "TimeoutError" || error.name === "AbortError") {
    return (
      `no response within ${timeoutMs / 1000} s. Check that the node is running, ` +
      "or that it can find the content among its peers"
    );
  }

  const status = httpStatusOf(error);
  if (status !== undefined) {
    const hint =
      status === 404 || status === 405
        ? ". Check that IPFS_API_URL is the address of the RPC API (port 5001 by default), not of a gateway"
        : "";
    return `the node returned HTTP ${status}: ${error.message}${hint}`;
  }

  const code = networkErrorCode(error);
  if (code !== undefined && UNREACHABLE.has(code)) {
    return (
      `cannot connect (${code}). Start the node with \`ipfs daemon\`, or set IPFS_API_URL to the address ` +
      "of its RPC API"
    );
  }
  return code === undefined ? error.message : `${error.message} (${code})`;
}

/** Returns the status of an `HTTPError` of kubo-rpc-client, which keeps the fetch response. */
function httpStatusOf(error: Error): number | undefined {
  if (error.name !== "HTTPError") return undefined;
  const response = (error as Error & { response?: { status?: unknown } }).response;
  return typeof response?.status === "number" ? response.status : undefined;
}

/**
 * Returns the code of the system error behind a failed fetch, which Node.js puts in `cause`, or in
 * `cause.errors` when it tried several addresses of one host.
 */
function networkErrorCode(error: Error): string | undefined {
  const cause = error.cause as (Error & { code?: unknown; errors?: unknown[] }) | undefined;
  if (cause === undefined || cause === null) return undefined;
  if (typeof cause.code === "string") return cause.code;
  const first = cause.errors?.[0] as { code?: unknown } | undefined;
  return typeof first?.code === "string" ? first.code : undefined;
}
