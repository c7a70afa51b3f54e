/** An image reference split into the name kustomize matches and its tag or digest. */
export interface ImageRef {
  name: string;
  tag?: string;
  digest?: string;
}

/**
 * Parses `name:tag` or `name@sha256:...`. A reference without either is
 * refused: `latest` by default would make every environment's revision
 * unknowable from Git.
 */
export function parseImage(image: string): ImageRef {
  const trimmed = image.trim();
  const at = trimmed.indexOf('@');
  if (at > 0) {
    const digest = trimmed.slice(at + 1);
    if (!/^sha256:[a-f0-9]{64}$/.test(digest)) {
      throw new Error(`image '${image}' has a malformed digest`);
    }
    return { name: trimmed.slice(0, at), digest };
  }
  const colon = trimmed.lastIndexOf(':');
  // A colon before the last slash is a registry port, not a tag.
  if (colon <= trimmed.lastIndexOf('/') || colon === trimmed.length - 1) {
    throw new Error(
      `image '${image}' has no tag: write it as name:tag (e.g. ghcr.io/acme/shop:1.4.2)`,
    );
  }
  const tag = trimmed.slice(colon + 1);
  if (!/^[\w][\w.-]{0,127}$/.test(tag)) {
    throw new Error(`image '${image}' has an invalid tag '${tag}'`);
  }
  return { name: trimmed.slice(0, colon), tag };
}
