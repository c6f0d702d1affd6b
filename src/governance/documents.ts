import { parseCid, toIpfsUri } from "../ipfs/cidText";
import type { ContentStore } from "../ipfs/contentStore";

/** Source of a proposal's document: a file, or Markdown generated from a title and text. */
export type DocumentSource = { file: string } | { title: string; text: string };

/** A document pinned to a content store. */
export interface PinnedDocument {
  /** CID as the store returned it (CIDv1 in lowercase base32). */
  cid: string;
  /** The `ipfs://b...` URI that the proposal's description cites, the one spelling the charter accepts. */
  uri: string;
}

/** Writes the Markdown document of a proposal that has no document file: its title, then its text. */
export function documentMarkdown(title: string, text: string): string {
  const body = text.trim();
  return body === "" ? `# ${title}\n` : `# ${title}\n\n${body}\n`;
}

/**
 * Adds a proposal's document to `store` (as a CIDv1), pins it, and returns its CID and canonical
 * `ipfs://` URI.
 *
 * @throws Error from the store, for example when the file cannot be read.
 */
export async function pinDocument(store: ContentStore, source: DocumentSource): Promise<PinnedDocument> {
  const cid =
    "file" in source
      ? await store.addFile(source.file, { cidVersion: 1 })
      : await store.add(new TextEncoder().encode(documentMarkdown(source.title, source.text)), { cidVersion: 1 });
  await store.pin(cid);
  return { cid, uri: toIpfsUri(parseCid(cid)) };
}
