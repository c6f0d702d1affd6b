import { mkdtemp, rm } from "node:fs/promises";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { hexlify } from "ethers";
import type { CID } from "multiformats/cid";

import { encodeCar, readDagCar } from "../../src/ipfs/car";
import { cidToText, decodeCidText } from "../../src/ipfs/cidText";
import { collectDagBlocks } from "../../src/ipfs/dagWalk";
import { EmbeddedStore } from "../../src/ipfs/embeddedStore";
import { BlockNotFoundError, FileBlockstore } from "../../src/ipfs/fileBlockstore";
import { KUBO_CHUNK_SIZE } from "../../src/ipfs/kuboProfile";
import { type FormPart, multipartBoundary, parseMultipart } from "./multipart";

/** Largest request body that the server reads, in bytes. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Error types of Kubo's command library (go-ipfs-cmds): the `Code` of an error response. */
const ERROR_NORMAL = 0;
const ERROR_CLIENT = 1;

/** Error in the request itself, for which Kubo returns HTTP 400 and `Code` 1. */
class ClientError extends Error {}

/** A command's query parameters, with Kubo's parsing of its arguments and options. */
class Parameters {
  constructor(private readonly search: URLSearchParams) {}

  /** Returns the values of `arg`, and rejects the request when there is none. */
  args(name: string): string[] {
    const values = this.search.getAll("arg");
    if (values.length === 0) throw new ClientError(`argument "${name}" is required`);
    return values;
  }

  /** Parses a bool option, accepting the spellings of Go's strconv.ParseBool. */
  bool(name: string, fallback: boolean): boolean {
    const value = this.search.get(name);
    if (value === null || value === "") return fallback;
    if (["1", "t", "T", "TRUE", "true", "True"].includes(value)) return true;
    if (["0", "f", "F", "FALSE", "false", "False"].includes(value)) return false;
    throw new ClientError(`could not convert value "${value}" to type "bool" (for option "-${name}")`);
  }

  int(name: string, fallback: number): number {
    const value = this.search.get(name);
    if (value === null || value === "") return fallback;
    if (!/^-?\d+$/.test(value)) {
      throw new ClientError(`could not convert value "${value}" to type "int" (for option "-${name}")`);
    }
    return Number(value);
  }

  string(name: string, fallback: string): string {
    return this.search.get(name) ?? fallback;
  }

  has(name: string): boolean {
    return this.search.has(name);
  }
}

type Command = (parameters: Parameters, request: IncomingMessage, response: ServerResponse) => Promise<void>;

/**
 * A test double of a Kubo node's RPC API on 127.0.0.1: a node:http server that implements the
 * commands that `KuboStore` uses, as Kubo's RPC reference documents them, over a real
 * `EmbeddedStore` in a temporary folder. It implements `add`, `cat`, `block/get`, `pin/add`,
 * `pin/rm`, `pin/ls`, `dag/export` and `dag/import`, accepts only POST, and reports errors as
 * `{"Message", "Code", "Type": "error"}` with HTTP 500, or 400 for a malformed request.
 *
 * Its hooks make it misbehave on request: serve corrupted blocks, add every file as CIDv0 whatever
 * the request, or hold requests without answering them.
 *
 * NOTE: it has no network, so a missing block fails at once, where Kubo would search its peers.
 */
export class KuboTestServer {
  /** The store whose blocks and pins the server serves. */
  readonly store: EmbeddedStore;
  /** The requests received, in order: each command, such as `block/get`, and its query parameters. */
  readonly requests: { command: string; parameters: URLSearchParams }[] = [];
  /** When true, `add` ignores `cid-version` and adds every file as CIDv0, as a misconfigured node would. */
  ignoreCidVersion = false;
  /** When true, requests are held without a response until the server closes. */
  stall = false;

  private readonly blocks: FileBlockstore;
  private readonly corrupted = new Set<string>();
  private readonly commands: Record<string, Command> = {
    add: (parameters, request, response) => this.add(parameters, request, response),
    cat: (parameters, _request, response) => this.cat(parameters, response),
    "block/get": (parameters, _request, response) => this.blockGet(parameters, response),
    "pin/add": (parameters, _request, response) => this.pinAdd(parameters, response),
    "pin/rm": (parameters, _request, response) => this.pinRm(parameters, response),
    "pin/ls": (parameters, _request, response) => this.pinLs(parameters, response),
    "dag/export": (parameters, _request, response) => this.dagExport(parameters, response),
    "dag/import": (parameters, request, response) => this.dagImport(parameters, request, response),
  };

  private constructor(
    /** Temporary folder of the store, deleted by `close`. */
    readonly directory: string,
    private readonly server: Server,
    /** Base URL of the server, such as `http://127.0.0.1:40123`. */
    readonly url: string,
  ) {
    this.store = new EmbeddedStore(directory);
    // The embedded store keeps its blocks in `<directory>/blocks`.
    this.blocks = new FileBlockstore(join(directory, "blocks"));
  }

  /** Returns the commands received, in order. */
  commandsReceived(): string[] {
    return this.requests.map((request) => request.command);
  }

  /** Starts a server on 127.0.0.1 on a free port, with an empty store. */
  static async start(): Promise<KuboTestServer> {
    const directory = await mkdtemp(join(tmpdir(), "coop-kubo-"));
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", resolve);
    });
    const { port } = server.address() as AddressInfo;
    const instance = new KuboTestServer(directory, server, `http://127.0.0.1:${port}`);
    server.on("request", (request, response) => void instance.handle(request, response));
    return instance;
  }

  /** Makes `block/get` and `dag/export` return the block of `cid` with its last byte flipped. */
  corruptBlock(cid: string): void {
    this.corrupted.add(multihashKey(decodeCidText(cid)));
  }

  /** Stops the server, drops open connections and deletes the store. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    await rm(this.directory, { recursive: true, force: true });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", this.url);
    const prefix = "/api/v0/";
    const command = url.pathname.startsWith(prefix) ? this.commands[url.pathname.slice(prefix.length)] : undefined;
    if (command === undefined) {
      response.writeHead(404, { "Content-Type": "text/plain" }).end("404 page not found");
      return;
    }
    if (request.method !== "POST") {
      response.writeHead(405, { "Content-Type": "text/plain" }).end("405 - Method Not Allowed");
      return;
    }

    this.requests.push({ command: url.pathname.slice(prefix.length), parameters: url.searchParams });
    if (this.stall) return;

    try {
      await command(new Parameters(url.searchParams), request, response);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      sendError(response, error instanceof ClientError ? 400 : 500, message);
    }
  }

  private async add(parameters: Parameters, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const cidVersion = parameters.int("cid-version", 0);
    if (cidVersion !== 0 && cidVersion !== 1) throw new Error(`unknown CID version ${cidVersion}`);
    // Kubo turns raw leaves on by default with CIDv1, and this server supports only that default.
    const rawLeaves = parameters.bool("raw-leaves", cidVersion === 1);
    const chunker = parameters.string("chunker", `size-${KUBO_CHUNK_SIZE}`);
    const unsupported = [
      rawLeaves !== (cidVersion === 1) && `raw-leaves=${rawLeaves} with cid-version=${cidVersion}`,
      chunker !== `size-${KUBO_CHUNK_SIZE}` && `chunker=${chunker}`,
      parameters.bool("trickle", false) && "trickle",
      parameters.string("hash", "sha2-256") !== "sha2-256" && `hash=${parameters.string("hash", "")}`,
      parameters.bool("wrap-with-directory", false) && "wrap-with-directory",
      parameters.bool("only-hash", false) && "only-hash",
      parameters.bool("inline", false) && "inline",
      parameters.bool("nocopy", false) && "nocopy",
      parameters.has("to-files") && "to-files",
    ].filter((option) => option !== false);
    if (unsupported.length > 0) throw new Error(`this test server does not support ${unsupported.join(", ")}`);
    const pin = parameters.bool("pin", true);

    const files = (await readForm(request, "path")).filter((part) => part.contentType !== "application/x-directory");
    const results: object[] = [];
    for (const file of files) {
      const cid = await this.store.add(file.body, { cidVersion: this.ignoreCidVersion ? 0 : cidVersion });
      if (pin) await this.store.pin(cid);
      results.push({ Name: file.filename ?? cid, Hash: cid, Size: String(await this.dagSize(cid)) });
    }
    sendJsonLines(response, results);
  }

  private async cat(parameters: Parameters, response: ServerResponse): Promise<void> {
    const content = await this.store.cat(stripIpfsPath(parameters.args("ipfs-path")[0]));
    const offset = parameters.int("offset", 0);
    const length = parameters.int("length", -1);
    if (offset < 0) throw new Error(`cannot specify negative offset`);
    sendBytes(response, content.subarray(offset, length < 0 ? undefined : offset + length));
  }

  private async blockGet(parameters: Parameters, response: ServerResponse): Promise<void> {
    const cid = parseCidArgument(parameters.args("cid")[0]);
    sendBytes(response, this.served(cid, await this.readBlock(cid)));
  }

  private async pinAdd(parameters: Parameters, response: ServerResponse): Promise<void> {
    if (!parameters.bool("recursive", true)) throw new Error("this test server does not support direct pins");
    const pinned: string[] = [];
    for (const arg of parameters.args("ipfs-path")) {
      const cid = parseCidArgument(arg);
      await this.store.pin(cid.toString());
      pinned.push(canonicalText(cid));
    }
    sendJsonLines(response, [{ Pins: pinned }]);
  }

  private async pinRm(parameters: Parameters, response: ServerResponse): Promise<void> {
    const recursive = parameters.bool("recursive", true);
    const removed: string[] = [];
    for (const arg of parameters.args("ipfs-path")) {
      const cid = parseCidArgument(arg);
      const pins = await this.store.listPins();
      // Kubo's message when a CID has no pin of the requested kind.
      if (!recursive || !pins.includes(canonicalText(cid))) throw new Error("not pinned or pinned indirectly");
      await this.store.unpin(cid.toString());
      removed.push(canonicalText(cid));
    }
    sendJsonLines(response, [{ Pins: removed }]);
  }

  private async pinLs(parameters: Parameters, response: ServerResponse): Promise<void> {
    const type = parameters.string("type", "all");
    if (!["direct", "indirect", "recursive", "all"].includes(type)) {
      throw new Error(`invalid type '${type}', must be one of {direct, indirect, recursive, all}`);
    }

    // This server makes no direct pins, so every pin is recursive or indirect.
    const pins = new Map<string, string>();
    const recursive = await this.store.listPins();
    if (type === "recursive" || type === "all") for (const cid of recursive) pins.set(cid, "recursive");
    if (type === "indirect" || type === "all") {
      for (const root of recursive) {
        const blocks = await collectDagBlocks(decodeCidText(root), (cid) => this.readBlock(cid));
        for (const block of blocks.slice(1)) {
          const cid = canonicalText(block.cid);
          if (!pins.has(cid)) pins.set(cid, "indirect");
        }
      }
    }

    let listed = [...pins.entries()];
    if (parameters.has("arg")) {
      const requested = parameters.args("ipfs-path").map((arg) => canonicalText(parseCidArgument(arg)));
      for (const cid of requested) if (!pins.has(cid)) throw new Error(`path '${cid}' is not pinned`);
      listed = listed.filter(([cid]) => requested.includes(cid));
    }

    if (parameters.bool("stream", false)) {
      sendJsonLines(
        response,
        listed.map(([cid, pinType]) => ({ Cid: cid, Name: "", Type: pinType })),
      );
    } else {
      const keys = Object.fromEntries(listed.map(([cid, pinType]) => [cid, { Name: "", Type: pinType }]));
      sendJsonLines(response, [{ Keys: keys }]);
    }
  }

  private async dagExport(parameters: Parameters, response: ServerResponse): Promise<void> {
    const root = parseCidArgument(parameters.args("root")[0]);
    const blocks = await collectDagBlocks(root, (cid) => this.readBlock(cid));
    const served = blocks.map((block) => ({ cid: block.cid, bytes: this.served(block.cid, block.bytes) }));
    sendBytes(response, await encodeCar([root], served));
  }

  private async dagImport(parameters: Parameters, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const pinRoots = parameters.bool("pin-roots", true);
    const results: object[] = [];
    let blockCount = 0;
    let blockBytes = 0;

    for (const file of await readForm(request, "path")) {
      const car = await readDagCar(file.body);
      blockCount += car.blocks.length;
      blockBytes += car.blocks.reduce((sum, block) => sum + block.bytes.length, 0);
      if (pinRoots) {
        for (const root of await this.store.importCar(file.body)) {
          results.push({ Root: { Cid: { "/": root }, PinErrorMsg: "" } });
        }
      } else {
        for (const block of car.blocks) await this.blocks.put(block.cid, block.bytes);
      }
    }

    if (parameters.bool("stats", false)) {
      results.push({ Stats: { BlockCount: blockCount, BlockBytesCount: blockBytes } });
    }
    sendJsonLines(response, results);
  }

  /** Reads a block from the store, failing in the words of an offline Kubo node when it is missing. */
  private async readBlock(cid: CID): Promise<Uint8Array> {
    try {
      const parts: Uint8Array[] = [];
      for await (const part of this.blocks.get(cid)) parts.push(part);
      return Buffer.concat(parts);
    } catch (error) {
      if (error instanceof BlockNotFoundError) {
        throw new Error(`block was not found locally (offline): ipld: could not find ${cid}`);
      }
      throw error;
    }
  }

  /** Returns the bytes to serve for a block: a copy with its last byte flipped if it is corrupted. */
  private served(cid: CID, bytes: Uint8Array): Uint8Array {
    if (!this.corrupted.has(multihashKey(cid))) return bytes;
    const copy = Buffer.from(bytes);
    if (copy.length === 0) return Buffer.from([0]);
    copy[copy.length - 1] ^= 0xff;
    return copy;
  }

  /** Returns the cumulative size of a DAG, the `Size` that Kubo's `add` reports: all its block bytes. */
  private async dagSize(cid: string): Promise<number> {
    const blocks = await collectDagBlocks(decodeCidText(cid), (blockCid) => this.readBlock(blockCid));
    return blocks.reduce((sum, block) => sum + block.bytes.length, 0);
  }
}

/** Reads a `multipart/form-data` body, whose files are the command's argument `argument`. */
async function readForm(request: IncomingMessage, argument: string): Promise<FormPart[]> {
  const boundary = multipartBoundary(request.headers["content-type"]);
  if (boundary === undefined) throw new ClientError(`file argument '${argument}' is required`);

  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > MAX_BODY_BYTES) throw new ClientError(`request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }

  let parts: FormPart[];
  try {
    parts = parseMultipart(Buffer.concat(chunks), boundary);
  } catch (error) {
    throw new ClientError(`invalid multipart body: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (parts.length === 0) throw new ClientError(`file argument '${argument}' is required`);
  return parts;
}

/** Parses a CID argument, which Kubo also accepts as an `/ipfs/<CID>` path. */
function parseCidArgument(arg: string): CID {
  try {
    return decodeCidText(stripIpfsPath(arg));
  } catch {
    throw new Error(`invalid path "${arg}": invalid cid`);
  }
}

function stripIpfsPath(arg: string): string {
  return arg.startsWith("/ipfs/") ? arg.slice("/ipfs/".length) : arg;
}

function canonicalText(cid: CID): string {
  return cidToText(hexlify(cid.bytes));
}

function multihashKey(cid: CID): string {
  return hexlify(cid.multihash.bytes);
}

/** Sends JSON values, one a line, with the headers of a Kubo command that emits values. */
function sendJsonLines(response: ServerResponse, values: object[]): void {
  response.writeHead(200, {
    "Content-Type": "application/json",
    "X-Chunked-Output": "1",
    Trailer: "X-Stream-Error",
  });
  response.end(values.map((value) => JSON.stringify(value) + "\n").join(""));
}

/** Sends bytes with the headers of a Kubo command that emits a stream. */
function sendBytes(response: ServerResponse, bytes: Uint8Array): void {
  response.writeHead(200, {
    "Content-Type": "text/plain",
    "X-Stream-Output": "1",
    Trailer: "X-Stream-Error",
  });
  response.end(bytes);
}

/** Sends an error response as Kubo does: `{"Message", "Code", "Type": "error"}`. */
function sendError(response: ServerResponse, status: 400 | 500, message: string): void {
  const body = { Message: message, Code: status === 400 ? ERROR_CLIENT : ERROR_NORMAL, Type: "error" };
  response.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body) + "\n");
}
