import { expect } from "chai";

import { KuboTestServer } from "../helpers/kuboServer";
import { kuboFileCid, patternBytes, rawBlockCid } from "../helpers/unixfs";

const HELLO = new TextEncoder().encode("hello world\n");
const HELLO_KUBO_V0 = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";

/** 600 KiB: two full chunks and one of 88 KiB. */
const THREE_CHUNKS = patternBytes(600 * 1024);

/** Returns the JSON values of a newline-delimited JSON body. */
async function jsonLines(response: Response): Promise<unknown[]> {
  const text = await response.text();
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as unknown);
}

describe("Kubo test server", function () {
  let server: KuboTestServer;

  beforeEach(async function () {
    server = await KuboTestServer.start();
  });

  afterEach(async function () {
    await server.close();
  });

  /** Sends a POST request to a command of the RPC API, as Kubo's clients do. */
  function post(command: string, query = "", body?: FormData): Promise<Response> {
    return fetch(`${server.url}/api/v0/${command}${query === "" ? "" : `?${query}`}`, { method: "POST", body });
  }

  function fileForm(...files: Uint8Array[]): FormData {
    const form = new FormData();
    for (const [i, bytes] of files.entries()) form.append("file", new Blob([bytes]), `file-${i}.bin`);
    return form;
  }

  it("listens on 127.0.0.1", function () {
    expect(server.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("accepts POST only", async function () {
    const response = await fetch(`${server.url}/api/v0/pin/ls`);

    expect(response.status).to.equal(405);
    expect(await response.text()).to.equal("405 - Method Not Allowed");
  });

  it("returns 404 for other commands", async function () {
    const response = await post("config/show");

    expect(response.status).to.equal(404);
    expect(await response.text()).to.equal("404 page not found");
  });

  it("returns 400 for a missing argument", async function () {
    const response = await post("block/get");

    expect(response.status).to.equal(400);
    expect(await response.json()).to.deep.equal({ Message: 'argument "cid" is required', Code: 1, Type: "error" });
  });

  it("returns 500 for a failed command", async function () {
    const cid = rawBlockCid(HELLO);

    const response = await post("block/get", `arg=${cid}`);

    expect(response.status).to.equal(500);
    expect(response.headers.get("content-type")).to.equal("application/json");
    expect(await response.json()).to.deep.equal({
      Message: `block was not found locally (offline): ipld: could not find ${cid}`,
      Code: 0,
      Type: "error",
    });
  });

  it("adds files from a multipart body", async function () {
    const response = await post("add", "cid-version=1", fileForm(HELLO, THREE_CHUNKS));

    expect(response.status).to.equal(200);
    expect(response.headers.get("x-chunked-output")).to.equal("1");
    const lines = await jsonLines(response);
    expect(lines).to.deep.equal([
      { Name: "file-0.bin", Hash: rawBlockCid(HELLO), Size: String(HELLO.length) },
      { Name: "file-1.bin", Hash: kuboFileCid(THREE_CHUNKS, 1), Size: (lines[1] as { Size: string }).Size },
    ]);
    expect(Number((lines[1] as { Size: string }).Size)).to.be.greaterThan(THREE_CHUNKS.length);
  });

  it("adds CIDv0 and pins by default", async function () {
    // The Size of a file of one block is that block's size: 12 bytes of text in 8 bytes of UnixFS and DAG-PB.
    const lines = await jsonLines(await post("add", "", fileForm(HELLO)));

    expect(lines).to.deep.equal([{ Name: "file-0.bin", Hash: HELLO_KUBO_V0, Size: "20" }]);
    expect(await server.store.listPins()).to.deep.equal([HELLO_KUBO_V0]);
  });

  it("rejects add options it lacks", async function () {
    const response = await post("add", "trickle=true&chunker=size-1024", fileForm(HELLO));

    expect(response.status).to.equal(500);
    expect(((await response.json()) as { Message: string }).Message).to.equal(
      "this test server does not support chunker=size-1024, trickle",
    );
  });

  it("rejects add without a body", async function () {
    const response = await post("add");

    expect(response.status).to.equal(400);
    expect(((await response.json()) as { Message: string }).Message).to.equal("file argument 'path' is required");
  });

  it("returns a range of a file", async function () {
    const cid = await server.store.add(HELLO);

    const response = await post("cat", `arg=/ipfs/${cid}&offset=6&length=5`);

    expect(response.headers.get("x-stream-output")).to.equal("1");
    expect(await response.text()).to.equal("world");
  });

  it("lists pins as Keys or as a stream", async function () {
    const cid = await server.store.add(THREE_CHUNKS);
    await server.store.pin(cid);

    const keys = await jsonLines(await post("pin/ls", "type=recursive"));
    const stream = await jsonLines(await post("pin/ls", "type=recursive&stream=true"));

    expect(keys).to.deep.equal([{ Keys: { [cid]: { Name: "", Type: "recursive" } } }]);
    expect(stream).to.deep.equal([{ Cid: cid, Name: "", Type: "recursive" }]);
  });

  it("lists indirect pins by default", async function () {
    const cid = await server.store.add(THREE_CHUNKS);
    await server.store.pin(cid);

    const [{ Keys: keys }] = (await jsonLines(await post("pin/ls"))) as { Keys: Record<string, { Type: string }> }[];

    expect(Object.values(keys).map((key) => key.Type)).to.deep.equal(["recursive", "indirect", "indirect", "indirect"]);
  });

  it("rejects an unknown pin type", async function () {
    const response = await post("pin/ls", "type=some");

    expect(((await response.json()) as { Message: string }).Message).to.equal(
      "invalid type 'some', must be one of {direct, indirect, recursive, all}",
    );
  });

  it("imports a CAR with stats", async function () {
    const cid = await server.store.add(THREE_CHUNKS, { cidVersion: 0 });
    const car = new Uint8Array(await (await post("dag/export", `arg=${cid}`)).arrayBuffer());

    const lines = await jsonLines(await post("dag/import", "stats=true", fileForm(car)));

    expect(lines[0]).to.deep.equal({ Root: { Cid: { "/": cid }, PinErrorMsg: "" } });
    expect((lines[1] as { Stats: { BlockCount: number } }).Stats.BlockCount).to.equal(4);
    expect(await server.store.listPins()).to.deep.equal([cid]);
  });

  it("imports a CAR without pins", async function () {
    const cid = await server.store.add(HELLO);
    const car = new Uint8Array(await (await post("dag/export", `arg=${cid}`)).arrayBuffer());

    const lines = await jsonLines(await post("dag/import", "pin-roots=false", fileForm(car)));

    expect(lines).to.deep.equal([]);
    expect(await server.store.listPins()).to.deep.equal([]);
  });

  it("serves a corrupted block on demand", async function () {
    const cid = await server.store.add(HELLO);
    server.corruptBlock(cid);

    const served = new Uint8Array(await (await post("block/get", `arg=${cid}`)).arrayBuffer());

    expect(served).to.have.length(HELLO.length);
    expect(Buffer.from(served).equals(Buffer.from(HELLO))).to.be.false;
    expect(Buffer.from(served.subarray(0, -1)).equals(Buffer.from(HELLO.subarray(0, -1)))).to.be.true;
  });
});
