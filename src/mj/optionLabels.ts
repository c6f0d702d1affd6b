import { cidToText, parseCid, toIpfsUri } from "../ipfs/cidText";
import type { ContentStore } from "../ipfs/contentStore";
import type { OptionSpec } from "./optionsFile";

/** The label of one option, ready for the governor. */
export interface PinnedLabel {
  /** Binary CID in 0x-prefixed hex, as the governor stores it. */
  binary: string;
  /** Canonical text of the CID: `Qm…` for a CIDv0, `b…` for a CIDv1. */
  cid: string;
  /** The `ipfs://b…` URI of the label. */
  uri: string;
  /** Whether this call pinned the label in the store; false for a `labelCid`, which is used as given. */
  pinned: boolean;
}

/** An option's label as members read it. */
export interface LabelDisplay {
  /** Canonical text of the label's CID. */
  cid: string;
  /** The label's title, when the store has its content and that content is text; else undefined. */
  title?: string;
}

/**
 * Adds the label of each option to `store` as a CIDv1 and pins it, the way proposal documents are
 * pinned: a `label` text as its UTF-8 bytes, a `labelFile` as the file's bytes. A `labelCid` is
 * returned as given, without reading or pinning anything.
 *
 * @throws Error naming the option and the file when a label file cannot be read.
 */
export async function pinOptionLabels(store: ContentStore, options: readonly OptionSpec[]): Promise<PinnedLabel[]> {
  const labels: PinnedLabel[] = [];
  for (const [index, option] of options.entries()) {
    const source = option.label;
    if ("cid" in source) {
      labels.push({ binary: source.cid, cid: cidToText(source.cid), uri: toIpfsUri(source.cid), pinned: false });
      continue;
    }
    let cid: string;
    try {
      cid =
        "text" in source
          ? await store.add(new TextEncoder().encode(source.text), { cidVersion: 1 })
          : await store.addFile(source.file, { cidVersion: 1 });
      await store.pin(cid);
    } catch (error) {
      const labelSource = "file" in source ? `the label file ${JSON.stringify(source.file)}` : "the label text";
      throw new Error(`Cannot pin ${labelSource} of options[${index}]: ${(error as Error).message}`, { cause: error });
    }
    const binary = parseCid(cid);
    labels.push({ binary, cid, uri: toIpfsUri(binary), pinned: true });
  }
  return labels;
}

/**
 * Reads the label with the binary CID `binary` from `store` for display. The title is the first
 * non-empty line of the content, without the `#` of a Markdown heading, so a label file may be a
 * whole document that starts with its title. Content that is missing from the store, or that is
 * not UTF-8 text, gives no title, and callers show the CID instead.
 */
export async function readOptionLabel(store: ContentStore, binary: string): Promise<LabelDisplay> {
  const cid = cidToText(binary);
  let bytes: Uint8Array;
  try {
    bytes = await store.cat(cid);
  } catch {
    return { cid };
  }
  const title = labelTitle(bytes);
  return title === undefined ? { cid } : { cid, title };
}

/** Returns the title of a label's content, or undefined when it is not UTF-8 text or has no text. */
export function labelTitle(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  for (const line of text.split(/\r?\n/)) {
    const title = line.replace(/^\s*#+\s*/, "").trim();
    if (title !== "") return title;
  }
  return undefined;
}

/** Returns the text that stands for a label: its title when there is one, else its CID. */
export function labelText(label: LabelDisplay): string {
  return label.title ?? label.cid;
}
