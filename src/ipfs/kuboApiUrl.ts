/** Path of Kubo's RPC API under its address, used when a URL gives no path. */
export const KUBO_API_PATH = "/api/v0";

const EXAMPLE = "http://127.0.0.1:5001";

/**
 * Parses the URL of a Kubo RPC API, such as `http://127.0.0.1:5001`, and returns it with the path of
 * the API: `/api/v0` when the URL has no path, else its own path without a trailing slash.
 *
 * @throws Error naming `label` and the value when it is not an http or https URL, has credentials,
 * a query or a fragment, or is a multiaddr (the form of Kubo's `Addresses.API` setting).
 */
export function parseKuboApiUrl(text: string, label = "Kubo RPC API URL"): URL {
  const value = `${label} ${JSON.stringify(text)}`;
  if (text.startsWith("/")) {
    throw new Error(
      `Invalid ${value}: expected an http or https URL. A multiaddr such as ` +
        `/ip4/127.0.0.1/tcp/5001, the form of Kubo's Addresses.API setting, is written ${EXAMPLE}.`,
    );
  }

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`Invalid ${value}: expected an http or https URL such as ${EXAMPLE}.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(
      `Invalid ${value}: expected the http or https scheme, not ${url.protocol.slice(0, -1)}, ` + `as in ${EXAMPLE}.`,
    );
  }
  if (url.username !== "" || url.password !== "") {
    // NOTE: Kubo can require HTTP authentication (its API.Authorizations setting), which this client
    // does not send. Fetch also rejects URLs with credentials.
    throw new Error(`Invalid ${value}: credentials in the URL are not supported. Remove them.`);
  }
  if (url.search !== "" || url.hash !== "") {
    throw new Error(`Invalid ${value}: expected no query or fragment, as in ${EXAMPLE}.`);
  }

  const path = url.pathname.replace(/\/+$/, "");
  url.pathname = path === "" ? KUBO_API_PATH : path;
  return url;
}
