import type { IncomingMessage, ServerResponse } from "node:http";

import { readDagCar } from "../ipfs/car";
import { cidToText, parseCid } from "../ipfs/cidText";
import type { ContentStore } from "../ipfs/contentStore";

/** Media type of a CAR file, as the trustless gateway specification names it. */
export const CAR_MEDIA_TYPE = "application/vnd.ipld.car";

/** Media type of one block's bytes, as the trustless gateway specification names it. */
export const RAW_MEDIA_TYPE = "application/vnd.ipld.raw";

/** Response formats of the gateway: the whole DAG under a CID, or the bytes of its root block. */
export type GatewayFormat = "car" | "raw";

/** Gateway response: status, media type and body. */
export interface GatewayReply {
  status: number;
  type: string;
  body: Uint8Array | string;
}

/**
 * Returns the format that a request names: `?format=car` or `?format=raw` first, then the
 * Accept header. A request that names neither gets undefined, because this gateway serves only
 * verifiable responses and never a file's plain content.
 */
export function requestedFormat(url: URL, accept: string | undefined): GatewayFormat | undefined {
  const format = url.searchParams.get("format");
  if (format === "car" || format === "raw") return format;
  if (format !== null) return undefined;
  if (accept?.includes(CAR_MEDIA_TYPE)) return "car";
  if (accept?.includes(RAW_MEDIA_TYPE)) return "raw";
  return undefined;
}

function text(status: number, message: string): GatewayReply {
  return { status, type: "text/plain; charset=utf-8", body: `${message}\n` };
}

/**
 * Builds the response to `GET /ipfs/{cid}` from `store`, read only, in the two forms of the trustless gateway
 * specification that a browser can check against the CID: a CAR file of the whole DAG
 * (`?format=car`) or one block's bytes (`?format=raw`). Every block is checked against its CID by
 * the store before it is sent, and the page checks them again, since it trusts no gateway.
 *
 * `path` is the request's path after the gateway's prefix, such as `/ipfs/bafy...`.
 */
export async function gatewayReply(
  store: ContentStore,
  path: string,
  url: URL,
  accept?: string,
): Promise<GatewayReply> {
  const match = /^\/ipfs\/([^/]+)\/?$/.exec(path);
  if (match === null) return text(404, `Path ${JSON.stringify(path)} not found. This gateway serves /ipfs/{cid} only.`);

  let cid: string;
  try {
    cid = cidToText(parseCid(decodeURIComponent(match[1])));
  } catch (error) {
    return text(400, error instanceof Error ? error.message : String(error));
  }
  const format = requestedFormat(url, accept);
  if (format === undefined) {
    return text(
      406,
      `Missing or unsupported format: request ?format=car (${CAR_MEDIA_TYPE}) or ?format=raw (${RAW_MEDIA_TYPE}). ` +
        "This gateway serves only responses that can be checked against their CID.",
    );
  }

  let car: Uint8Array;
  try {
    car = await store.exportCar(cid);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`gateway: failed to serve ${cid}: ${reason}`);
    return text(404, `Failed to serve ${cid}: ${reason}`);
  }
  if (format === "car") return { status: 200, type: CAR_MEDIA_TYPE, body: car };
  // The root block comes first in the CAR file that the store exports.
  const { blocks } = await readDagCar(car);
  return { status: 200, type: RAW_MEDIA_TYPE, body: blocks[0].bytes };
}

/** Sends a gateway response, marked immutable when it succeeded, because a CID names fixed bytes. */
export function sendGatewayReply(response: ServerResponse, reply: GatewayReply, request: IncomingMessage): void {
  response.statusCode = reply.status;
  response.setHeader("Content-Type", reply.type);
  response.setHeader("X-Content-Type-Options", "nosniff");
  if (reply.status === 200) response.setHeader("Cache-Control", "public, max-age=29030400, immutable");
  response.end(request.method === "HEAD" ? undefined : reply.body);
}
