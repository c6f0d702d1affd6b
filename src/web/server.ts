import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import path from "node:path";

import type { ContentStore } from "../ipfs/contentStore";
import { WEB_CONFIG_FILE, type WebConfig } from "./config";
import { gatewayReply, sendGatewayReply } from "./gateway";

/** Folder of the built page: `npm run web:build` writes it. */
export const WEB_DIST_DIRECTORY = path.resolve(__dirname, "..", "..", "web", "dist");

/** Path prefix of the server's read-only IPFS gateway. */
export const GATEWAY_PREFIX = "/ipfs-gateway";

/** Port of `npm run web` when WEB_PORT is empty. */
export const DEFAULT_WEB_PORT = 5173;

const MEDIA_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/** Options of the page server: the built page, its settings and the store that its gateway reads. */
export interface WebServerOptions {
  /** Folder of the built page, `web/dist` by default. */
  root?: string;
  config: WebConfig;
  store: ContentStore;
  /** Port on 127.0.0.1, or 0 for a free port that the system picks. */
  port: number;
}

/** A running page server. */
export interface WebServer {
  /** Address of the page, such as `http://127.0.0.1:5173/`. */
  url: string;
  close(): Promise<void>;
}

function plain(response: ServerResponse, status: number, message: string): void {
  response.statusCode = status;
  response.setHeader("Content-Type", "text/plain; charset=utf-8");
  response.end(`${message}\n`);
}

/** Returns the file under `root` that `pathname` names, or undefined when it would leave `root`. */
export function staticFile(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0")) return undefined;
  const relative = decoded.endsWith("/") ? `${decoded}index.html` : decoded;
  const file = path.resolve(root, `.${path.posix.normalize(relative)}`);
  return file === root || file.startsWith(root + path.sep) ? file : undefined;
}

async function handle(options: WebServerOptions, root: string, request: IncomingMessage, response: ServerResponse) {
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.setHeader("Allow", "GET, HEAD");
    return plain(
      response,
      405,
      `Method ${request.method} is not allowed, because this server is read only. Use GET or HEAD.`,
    );
  }
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  if (url.pathname === GATEWAY_PREFIX || url.pathname.startsWith(`${GATEWAY_PREFIX}/`)) {
    const path = url.pathname.slice(GATEWAY_PREFIX.length);
    return sendGatewayReply(response, await gatewayReply(options.store, path, url, request.headers.accept), request);
  }
  if (url.pathname === `/${WEB_CONFIG_FILE}`) {
    response.setHeader("Content-Type", MEDIA_TYPES[".json"]);
    response.setHeader("Cache-Control", "no-store");
    return response.end(request.method === "HEAD" ? undefined : JSON.stringify(options.config, null, 2));
  }

  const file = staticFile(root, url.pathname);
  if (file === undefined) return plain(response, 404, `File ${JSON.stringify(url.pathname)} not found.`);
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A missing file or a folder is an ordinary 404, but any other error is a fault worth logging.
    if (code !== "ENOENT" && code !== "EISDIR") console.error(`web server: failed to read ${file}: ${String(error)}`);
    return plain(response, 404, `File ${JSON.stringify(url.pathname)} not found.`);
  }
  response.setHeader("Content-Type", MEDIA_TYPES[path.extname(file)] ?? "application/octet-stream");
  response.setHeader("X-Content-Type-Options", "nosniff");
  response.end(request.method === "HEAD" ? undefined : body);
}

/**
 * Serves the built voting page, its `config.json` and a read-only IPFS gateway under
 * {@link GATEWAY_PREFIX}, on 127.0.0.1 only: the page, the gateway and the settings share one origin,
 * so the browser needs no cross-origin permission.
 *
 * @throws Error naming the port when it is taken, and the fix.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const root = path.resolve(options.root ?? WEB_DIST_DIRECTORY);
  const server: Server = createServer((request, response) => {
    handle(options, root, request, response).catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      console.error(`web server: ${request.method} ${request.url} failed: ${reason}`);
      if (!response.headersSent) plain(response, 500, reason);
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`Port ${options.port} on 127.0.0.1 is already in use. Set WEB_PORT to another port.`)
          : error,
      );
    });
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
