import { getBytes, hexlify, isHexString } from "ethers";
// multiformats is ES modules only, and this CommonJS module loads it with require(), which Node.js
// allows by default from 20.19 on (through its `module-sync` export condition).
import { bases } from "multiformats/basics";
import type { MultibaseCodec, MultibaseDecoder } from "multiformats/bases/interface";
import { CID } from "multiformats/cid";

import { MAX_CID_LENGTH, isValidBinaryCid } from "./cid";

/** Scheme of IPFS URIs. `toIpfsUri` always follows it with a CIDv1 in lowercase base32. */
export const IPFS_URI_SCHEME = "ipfs://";

const MULTIBASES: MultibaseCodec<string>[] = Object.values(bases);

/** Decoder for every multibase that `multiformats` defines, each chosen by its prefix character. */
const ANY_MULTIBASE: MultibaseDecoder<string> = {
  decode(text: string): Uint8Array<ArrayBuffer> {
    // A prefix is one code point, and that of base256emoji takes two UTF-16 units.
    const codePoint = text.codePointAt(0);
    if (codePoint === undefined) throw new Error("the text is empty");
    const prefix = String.fromCodePoint(codePoint);
    const codec = MULTIBASES.find((candidate) => candidate.prefix === prefix);
    if (codec === undefined) throw new Error(`unknown multibase prefix ${JSON.stringify(prefix)}`);
    return codec.decoder.decode(text);
  },
};

const EXPECTED_TEXT =
  "expected a CIDv0 in base58btc (Qm…), a CIDv1 in a multibase such as base32 (b…), ipfs://<CID>, " +
  "a gateway URL https://HOST/ipfs/<CID>, or the binary CID in hex (0x…)";

/** Length of a CIDv0 in base58btc: 34 bytes (the sha2-256 multihash) give 46 characters. */
const CID_V0_TEXT_LENGTH = 46;

const EXPECTED_BINARY = `expected the 0x-prefixed hex of a binary CIDv0 or CIDv1 of at most ${MAX_CID_LENGTH} bytes`;

/**
 * Parses a CID written as text and returns its binary form as 0x-prefixed hex, the form that the
 * contracts store.
 *
 * Accepts a CIDv0 in base58btc (`Qm…`), a CIDv1 in any multibase that `multiformats` defines (such
 * as `bafy…` in base32, `k…` in base36 or `z…` in base58btc), either of them behind `ipfs://` or in
 * a gateway URL (`https://HOST/ipfs/CID` or `https://CID.ipfs.HOST/`), and the binary CID as
 * 0x-prefixed hex. Whitespace around the text is ignored, as in a CID pasted with a newline. The
 * scheme is matched without regard to case, as RFC 3986 defines, and no path may follow the CID.
 * The version is kept, so `Qm…` and its `bafybei…` form give different bytes: `toCidV1` maps both
 * to one.
 *
 * NOTE: a CIDv0 whose case changed after its `Qm` can still decode, to the CID of another digest,
 * because base58btc carries no checksum. Only a changed `Qm` itself is always rejected.
 *
 * @throws Error naming the value when it is not a well-formed CID, or when it is longer than the
 * {@link MAX_CID_LENGTH} bytes that the contracts accept.
 */
export function parseCid(text: string): string {
  const trimmed = text.trim();
  if (/^0x/i.test(trimmed)) return parseBinaryCidHex(text, `0x${trimmed.slice(2)}`);

  const cidText = stripUrl(text, trimmed);
  let cid: CID;
  try {
    cid = CID.parse(cidText, ANY_MULTIBASE);
  } catch (error) {
    if (isCaseChangedCidV0(cidText)) {
      throw new Error(
        `Invalid CID ${JSON.stringify(text)}: a CIDv0 starts with "Qm", and base58btc is case-sensitive, so a ` +
          "CIDv0 whose letters changed case cannot be read back. Copy the CID again from its source.",
        { cause: error },
      );
    }
    if (cidText.startsWith("Qm") && cidText.length !== CID_V0_TEXT_LENGTH) {
      throw new Error(
        `Invalid CID ${JSON.stringify(text)}: expected a CIDv0 (Qm…) of ${CID_V0_TEXT_LENGTH} characters, but it ` +
          `has ${cidText.length}, so it looks truncated or mistyped. Copy the CID again from its source.`,
        { cause: error },
      );
    }
    throw new Error(
      `Invalid CID ${JSON.stringify(text)}: ${EXPECTED_TEXT} (${reason(error)}). If you copied it, it may be ` +
        "truncated or mistyped: copy it again from its source.",
      { cause: error },
    );
  }

  const binary = hexlify(cid.bytes);
  if (!isValidBinaryCid(binary)) {
    throw new Error(
      `Invalid CID ${JSON.stringify(text)}: expected at most ${MAX_CID_LENGTH} bytes and minimal varints in ` +
        `binary form, as the contracts' Cid library requires, but it has ${cid.bytes.length} bytes.`,
    );
  }
  return binary;
}

/**
 * Parses a CID written as text, as `parseCid` does, and returns it as a `CID` object.
 *
 * @throws Error naming the value when it is not a well-formed CID.
 */
export function decodeCidText(text: string): CID {
  return CID.decode(getBytes(parseCid(text)));
}

/**
 * Returns the binary CIDv1 of a binary CID as 0x-prefixed lowercase hex: a CIDv0 becomes the CIDv1
 * with the dag-pb codec and the same multihash, and a CIDv1 comes back unchanged.
 *
 * `toCidV1(parseCid(text))` gives the same bytes for every spelling of one CID: CIDv0 or CIDv1, any
 * multibase, with or without `ipfs://`. Store or compare these bytes where equal bytes must mean one
 * document. A file added with raw leaves (`bafkrei…`, Kubo's `--cid-version=1`) is another DAG than
 * the same file added as a CIDv0, so its CID stays different.
 *
 * @throws Error naming the value when it is not a well-formed binary CID.
 */
export function toCidV1(binaryHex: string): string {
  return hexlify(decodeBinaryCid(binaryHex).toV1().bytes);
}

/**
 * Returns the canonical text of a binary CID: base58btc (`Qm…`) for a CIDv0 and lowercase base32
 * (`b…`) for a CIDv1, as Kubo prints them.
 *
 * @throws Error naming the value when it is not a well-formed binary CID.
 */
export function cidToText(binaryHex: string): string {
  return decodeBinaryCid(binaryHex).toString();
}

/**
 * Returns the `ipfs://` URI of a binary CID, with the CID as a CIDv1 in lowercase base32: the one
 * spelling of a proposal document's URI.
 *
 * A CIDv0 becomes the equivalent CIDv1 (dag-pb codec, same multihash), so the two spellings of one
 * content give one URI.
 *
 * @throws Error naming the value when it is not a well-formed binary CID.
 */
export function toIpfsUri(binaryHex: string): string {
  return IPFS_URI_SCHEME + decodeBinaryCid(binaryHex).toV1().toString(bases.base32);
}

/**
 * Returns whether `cidText` has the length and the first two letters of a CIDv0 (`Qm…`) in another
 * case. No valid CID starts that way: `q` is no multibase prefix, and a CIDv0 of any digest starts
 * with `Qm`.
 */
function isCaseChangedCidV0(cidText: string): boolean {
  return cidText.length === CID_V0_TEXT_LENGTH && /^qm/i.test(cidText) && !cidText.startsWith("Qm");
}

/**
 * Returns the CID text inside an `ipfs://` URI or an http(s) gateway URL, or the whole text when it
 * has no scheme. `text` is the value as given, for messages, and `trimmed` is that value without
 * surrounding whitespace.
 */
function stripUrl(text: string, trimmed: string): string {
  const lowerCase = trimmed.toLowerCase();
  if (lowerCase.startsWith("http://") || lowerCase.startsWith("https://")) return cidOfGatewayUrl(text, trimmed);
  if (!lowerCase.startsWith(IPFS_URI_SCHEME)) return trimmed;

  const cidText = trimmed.slice(IPFS_URI_SCHEME.length);
  if (cidText.includes("/") || cidText.includes("?") || cidText.includes("#")) {
    throw new Error(
      `Invalid IPFS URI ${JSON.stringify(text)}: expected ipfs://<CID> with nothing after the CID ` +
        "(no path, query or fragment).",
    );
  }
  return cidText;
}

/** Path-form gateway URL: the CID follows `/ipfs/`, with an optional final slash. */
const GATEWAY_PATH = /^https?:\/\/[^/?#]+\/ipfs\/([^/?#]+)\/?$/i;

/**
 * Subdomain-form gateway URL: the CID is the first label of the host name, before `.ipfs.`. It is
 * read from the text as given, because the URL parser lowercases host names.
 */
const GATEWAY_SUBDOMAIN = /^https?:\/\/([^./?#@:]+)\.ipfs\.[^/?#]+\/?$/i;

/** Returns the CID of a gateway URL with nothing after the CID, or throws naming the value and the fix. */
function cidOfGatewayUrl(text: string, trimmed: string): string {
  const match = GATEWAY_PATH.exec(trimmed) ?? GATEWAY_SUBDOMAIN.exec(trimmed);
  if (match !== null) return match[1];

  const root = /^https?:\/\/[^/?#]+\/ipfs\/([^/?#]+)/i.exec(trimmed);
  const fix =
    root === null
      ? "Pass the CID alone."
      : `A path after the CID names a file inside the content, not the content: to name the whole content, pass ${root[1]}.`;
  throw new Error(
    `Invalid CID ${JSON.stringify(text)}: a URL is accepted only as a gateway URL with nothing after the CID, ` +
      `https://HOST/ipfs/<CID> or https://<CID>.ipfs.HOST/, and an /ipns/ name is no CID. ${fix}`,
  );
}

/**
 * Parses the binary CID as 0x-prefixed hex, checked by the same rules as the contracts' `Cid`
 * library, and returns it in lowercase. `text` is the value as given, for messages.
 */
function parseBinaryCidHex(text: string, hex: string): string {
  if (isValidBinaryCid(hex)) return hex.toLowerCase();

  const problem = describeBinaryCidProblem(hex);
  throw new Error(
    `Invalid CID ${JSON.stringify(text)}: ${EXPECTED_BINARY}${problem === "" ? "" : `, but ${problem}`}.`,
  );
}

/**
 * Describes why hex is not a well-formed binary CID, when the cause is one that a reader can fix
 * (bad hex, or a length that does not match the multihash), else returns "".
 */
function describeBinaryCidProblem(hex: string): string {
  if (!isHexString(hex)) return "it contains characters that are not hex digits";
  if (hex.length % 2 !== 0) return "it has an odd number of hex digits, so it looks truncated. Copy it again";

  const bytes = getBytes(hex);
  if (bytes.length === 0) return "it is empty";
  if (bytes.length > MAX_CID_LENGTH) return `it has ${byteCount(bytes.length)}`;
  let declared: number;
  try {
    declared = CID.inspectBytes(bytes).size;
  } catch {
    return bytes.length < 4 ? `it has only ${byteCount(bytes.length)}, so it looks truncated. Copy it again` : "";
  }
  if (bytes.length < declared) {
    return (
      `the binary CID is truncated: its multihash gives a length of ${byteCount(declared)}, and it has ` +
      `${bytes.length}. Copy it again in full`
    );
  }
  if (bytes.length > declared) {
    const extra = bytes.length - declared;
    return `it has ${byteCount(extra)} after the end that its multihash gives. Remove ${extra === 1 ? "it" : "them"}`;
  }
  return "";
}

function byteCount(count: number): string {
  return count === 1 ? "1 byte" : `${count} bytes`;
}

/** Decodes a binary CID given as hex, checked by the same rules as the contracts' `Cid` library. */
function decodeBinaryCid(binaryHex: string): CID {
  if (!isValidBinaryCid(binaryHex)) {
    throw new Error(`Invalid binary CID ${JSON.stringify(binaryHex)}: ${EXPECTED_BINARY}.`);
  }
  try {
    return CID.decode(getBytes(binaryHex));
  } catch (error) {
    throw new Error(`Invalid binary CID ${JSON.stringify(binaryHex)}: ${EXPECTED_BINARY} (${reason(error)}).`, {
      cause: error,
    });
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
