/**
 * Network error codes that mean the node could not be reached, or dropped the connection: refused,
 * reset, unreachable, a host name that does not resolve, or a connection that timed out.
 */
const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_SOCKET",
]);

/** Next step when the node cannot be reached, for the end of an error message. */
const START_THE_NODE =
  "Start the node with `ipfs daemon`, or set IPFS_API_URL to the address of its RPC API " +
  "(http://127.0.0.1:5001 by default)";

/**
 * Error raised when the Kubo node cannot be reached because the connection failed or timed out.
 * Such a failure gives no information about the content.
 */
export class StoreUnreachableError extends Error {
  override readonly name = "StoreUnreachableError";
}

/**
 * Returns whether a failed request to the Kubo RPC API failed to reach the node: a refused, reset
 * or timed-out connection, a host name that does not resolve, a port that fetch blocks, or no
 * response within the time limit.
 */
export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (isTimeout(error)) return true;
  if (isBadPort(error)) return true;
  const code = networkErrorCode(error);
  return code !== undefined && UNREACHABLE.has(code);
}

/**
 * Describes why a request to the Kubo RPC API failed, for the end of an error message: the node's
 * own message for an HTTP error, a timeout, or a connection failure, each with what to do next.
 */
export function describeRpcFailure(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return String(error);

  if (isTimeout(error)) {
    return (
      `no response within ${timeoutMs / 1000} s. Check that the node is running (\`ipfs daemon\`) and that ` +
      "IPFS_API_URL is the address of its RPC API, or that the node can find the content among its peers"
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

  if (isBadPort(error)) {
    return `cannot connect: fetch blocks the port of this address (bad port). ${START_THE_NODE}`;
  }

  const code = networkErrorCode(error);
  if (code !== undefined && UNREACHABLE.has(code)) return `cannot connect (${code}). ${START_THE_NODE}`;
  return code === undefined ? error.message : `${error.message} (${code})`;
}

/**
 * Wraps a failed request in an error that starts with `prefix`: a {@link StoreUnreachableError}
 * when the node could not be reached, else a plain Error.
 */
export function rpcFailureError(prefix: string, error: unknown, timeoutMs: number): Error {
  const message = `${prefix}: ${describeRpcFailure(error, timeoutMs)}.`;
  return isConnectionFailure(error)
    ? new StoreUnreachableError(message, { cause: error })
    : new Error(message, { cause: error });
}

/** Returns whether the request was aborted by its AbortSignal.timeout. */
function isTimeout(error: Error): boolean {
  return error.name === "TimeoutError" || error.name === "AbortError";
}

/**
 * Returns whether fetch refused the address's port before connecting, as the Fetch standard's list
 * of blocked ports requires (port 1, 25 or 6000, for example). Node.js 20 reports it as a cause
 * with the message "bad port".
 */
function isBadPort(error: Error): boolean {
  const cause = error.cause;
  return cause instanceof Error && cause.message === "bad port";
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
